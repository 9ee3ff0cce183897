package io.github.failoverds.autoconfigure;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import io.github.failoverds.routing.FailoverDataSource;
import io.github.failoverds.routing.FailoverListener;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.XADataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the failover {@link DataSource}: one HikariCP pool per configured node behind
 * one routing {@link FailoverDataSource}, which the rest of Spring Boot (JdbcTemplate, transactions,
 * JPA, Flyway) uses as the application's DataSource. Backs off when the application defines its own
 * {@link DataSource} or sets {@code failover.datasource.enabled=false}.
 */
@AutoConfiguration(before = { XADataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class })
@ConditionalOnClass({ DataSource.class, HikariDataSource.class })
@ConditionalOnBooleanProperty(name = FailoverDataSourceProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(FailoverDataSourceProperties.class)
public final class FailoverDataSourceAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(DataSource.class)
	FailoverDataSource dataSource(FailoverDataSourceProperties properties, Environment environment,
			ObjectProvider<JdbcConnectionDetails> connectionDetails, ObjectProvider<NodePoolCustomizer> customizers,
			ObjectProvider<FailoverListener> listeners) {
		return new FailoverDataSourceFactory(environment, connectionDetails.getIfAvailable(),
				customizers.orderedStream().toList(), listeners.orderedStream().toList())
			.create(properties);
	}

}
