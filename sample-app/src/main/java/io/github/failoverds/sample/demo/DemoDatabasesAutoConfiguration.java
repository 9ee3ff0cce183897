package io.github.failoverds.sample.demo;

import javax.sql.DataSource;

import io.github.failoverds.autoconfigure.FailoverDataSourceAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The zero-setup demo: when the application configures no database at all, starts two embedded
 * PostgreSQL nodes, {@code primary} and {@code standby-1}, each behind a fault proxy, points the
 * failover DataSource at them, and adds the demo controls ({@code /demo}) that crash, stop, restart,
 * cut off and heal them. All of it stops with the application.
 * <p>
 * Steps aside, starting nothing and adding no control, as soon as a database is configured in any
 * form the failover starter accepts (see {@link NoDatabaseConfiguredCondition}, and a
 * {@link JdbcConnectionDetails} bean such as Testcontainers' {@code @ServiceConnection} or Docker
 * Compose support create), when the application defines its own {@link DataSource}, or when
 * {@code failover.datasource.enabled} is {@code false}.
 */
@AutoConfiguration(before = FailoverDataSourceAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "failover.datasource.enabled", matchIfMissing = true)
@ConditionalOnMissingBean({ DataSource.class, JdbcConnectionDetails.class })
@Conditional(NoDatabaseConfiguredCondition.class)
public final class DemoDatabasesAutoConfiguration {

	@Bean
	static DemoDatabasesPostProcessor demoDatabasesPostProcessor(ConfigurableEnvironment environment) {
		return new DemoDatabasesPostProcessor(environment);
	}

	@Bean
	RouterFunction<ServerResponse> demoControls(DemoCluster cluster) {
		return new DemoControls(cluster).routes();
	}

}
