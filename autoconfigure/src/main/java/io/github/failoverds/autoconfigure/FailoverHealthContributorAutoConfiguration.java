package io.github.failoverds.autoconfigure;

import io.github.failoverds.actuate.ActiveNodeHealthIndicator;
import io.github.failoverds.actuate.FailoverHealthIndicator;
import io.github.failoverds.routing.FailoverDataSource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Health of the failover data source, computed from the background monitor's state (never from a
 * connection):
 * <ul>
 * <li>the {@code failover} component ({@link FailoverHealthIndicator}), switched off with
 * {@code management.health.failover.enabled=false};</li>
 * <li>Spring Boot's {@code db} component for this data source ({@link ActiveNodeHealthIndicator}) in
 * place of Boot's query-based indicator, which would borrow through the pool, could wait on a dead
 * node and has no timeout on its validation; a {@code dbHealthIndicator} or {@code dbHealthContributor}
 * bean of your own replaces it, and {@code management.health.db.enabled=false} removes it.</li>
 * </ul>
 */
@AutoConfiguration(after = FailoverDataSourceAutoConfiguration.class,
		beforeName = "org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration")
@ConditionalOnClass(
		name = "org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator")
@ConditionalOnBean(FailoverDataSource.class)
public final class FailoverHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnEnabledHealthIndicator("failover")
	@ConditionalOnMissingBean(name = "failoverHealthIndicator")
	FailoverHealthIndicator failoverHealthIndicator(FailoverDataSource dataSource) {
		return new FailoverHealthIndicator(dataSource);
	}

	@Bean
	@ConditionalOnEnabledHealthIndicator("db")
	@ConditionalOnMissingBean(name = { "dbHealthIndicator", "dbHealthContributor" })
	ActiveNodeHealthIndicator dbHealthContributor(FailoverDataSource dataSource) {
		return new ActiveNodeHealthIndicator(dataSource);
	}

}
