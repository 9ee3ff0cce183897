package io.github.failoverds.sample.demo;

import javax.sql.DataSource;

import io.github.failoverds.autoconfigure.FailoverDataSourceAutoConfiguration;
import io.github.failoverds.autoconfigure.NoNodeConfiguredCondition;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The zero-setup demo: when the application configures no database at all, starts two embedded
 * PostgreSQL nodes, {@code primary} and its synchronous hot standby {@code standby-1}, each behind a fault
 * proxy, points the failover DataSource at them, and adds a small cluster manager that promotes the standby
 * when the primary is lost ({@code demo.cluster-manager.*}) and the demo controls ({@code /demo}) that
 * crash, stop, restart, cut off, heal and promote them. All of it stops with the application.
 * <p>
 * Steps aside, starting nothing and adding no control, as soon as a database is configured in any
 * form the failover starter accepts (see the starter's {@link NoNodeConfiguredCondition}, and a
 * {@link JdbcConnectionDetails} bean such as Testcontainers' {@code @ServiceConnection} or Docker
 * Compose support create), when the application defines its own {@link DataSource}, or when
 * {@code failover.datasource.enabled} is {@code false}.
 */
@AutoConfiguration(before = FailoverDataSourceAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "failover.datasource.enabled", matchIfMissing = true)
@ConditionalOnMissingBean({ DataSource.class, JdbcConnectionDetails.class })
@Conditional(NoNodeConfiguredCondition.class)
@EnableConfigurationProperties(ClusterManagerProperties.class)
public final class DemoDatabasesAutoConfiguration {

	@Bean
	static DemoDatabasesPostProcessor demoDatabasesPostProcessor(ConfigurableEnvironment environment) {
		return new DemoDatabasesPostProcessor(environment);
	}

	@Bean
	DemoClusterManager demoClusterManager(DemoCluster cluster, ClusterManagerProperties properties) {
		return new DemoClusterManager(cluster, properties);
	}

	@Bean
	RouterFunction<ServerResponse> demoControls(DemoCluster cluster, ClusterManagerProperties clusterManager) {
		return new DemoControls(cluster, clusterManager).routes();
	}

}
