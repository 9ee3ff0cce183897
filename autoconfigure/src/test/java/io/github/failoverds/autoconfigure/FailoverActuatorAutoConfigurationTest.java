package io.github.failoverds.autoconfigure;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import io.github.failoverds.actuate.ActiveNodeHealthIndicator;
import io.github.failoverds.actuate.FailoverDataSourceMeterBinder;
import io.github.failoverds.actuate.FailoverEndpoint;
import io.github.failoverds.actuate.FailoverEndpointWebExtension;
import io.github.failoverds.actuate.FailoverHealthIndicator;
import io.github.failoverds.actuate.FailoverMetricsRecorder;
import io.github.failoverds.actuate.NodeState;
import io.github.failoverds.routing.FailoverDataSource;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.map;

/**
 * Conditions of the observability auto-configurations (health, endpoint, metrics, events), against
 * in-memory H2 nodes.
 */
class FailoverActuatorAutoConfigurationTest {

	private static final AutoConfigurations DATA_SOURCE = AutoConfigurations.of(
			FailoverDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class,
			JdbcTemplateAutoConfiguration.class, FailoverEventsAutoConfiguration.class,
			FailoverHealthContributorAutoConfiguration.class, FailoverEndpointAutoConfiguration.class,
			FailoverMetricsAutoConfiguration.class);

	private static final AutoConfigurations ACTUATOR = AutoConfigurations.of(HealthContributorAutoConfiguration.class,
			DataSourceHealthContributorAutoConfiguration.class, EndpointAutoConfiguration.class,
			WebEndpointAutoConfiguration.class);

	private static final AutoConfigurations METRICS = AutoConfigurations.of(MetricsAutoConfiguration.class,
			SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class);

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(DATA_SOURCE)
		.withPropertyValues("failover.datasource.nodes[0].url=jdbc:h2:mem:observability-a",
				"failover.datasource.nodes[1].url=jdbc:h2:mem:observability-b",
				"failover.datasource.hikari.minimum-idle=0");

	@Test
	void failoverAndDbHealthComeFromTheMonitor() {
		this.runner.withConfiguration(ACTUATOR).run((context) -> {
			Health failover = context.getBean("failoverHealthIndicator", HealthIndicator.class).health();
			assertThat(failover.getStatus()).isEqualTo(Status.UP);
			assertThat(failover.getDetails()).containsEntry("active", "primary").containsEntry("failovers", 0L);
			assertThat(failover.getDetails().get("nodes")).asInstanceOf(map(String.class, NodeState.class))
				.containsOnlyKeys("primary", "standby-1")
				.allSatisfy((name, state) -> assertThat(state.status()).isEqualTo("UP"));
			assertThat(context.getBean("dbHealthContributor")).isInstanceOf(ActiveNodeHealthIndicator.class);
			Health db = context.getBean("dbHealthContributor", HealthIndicator.class).health();
			assertThat(db.getStatus()).isEqualTo(Status.UP);
			assertThat(db.getDetails()).isEqualTo(Map.of("active", "primary"));
		});
	}

	@Test
	void healthIndicatorsCanBeSwitchedOffOrReplaced() {
		this.runner.withConfiguration(ACTUATOR)
			.withPropertyValues("management.health.failover.enabled=false")
			.withBean("dbHealthIndicator", HealthIndicator.class, () -> () -> Health.up().build())
			.run((context) -> {
				assertThat(context).doesNotHaveBean(FailoverHealthIndicator.class);
				assertThat(context).doesNotHaveBean(ActiveNodeHealthIndicator.class);
				assertThat(context).hasBean("dbHealthIndicator");
			});
	}

	@Test
	void endpointIsNotExposedByDefault() {
		this.runner.withConfiguration(ACTUATOR).run((context) -> {
			assertThat(context).doesNotHaveBean(FailoverEndpoint.class);
			assertThat(context).doesNotHaveBean(FailoverEndpointWebExtension.class);
		});
	}

	@Test
	void endpointIsAvailableOnceExposed() {
		this.runner.withConfiguration(ACTUATOR)
			.withPropertyValues("management.endpoints.web.exposure.include=health,failover")
			.run((context) -> {
				assertThat(context).hasSingleBean(FailoverEndpoint.class);
				assertThat(context).hasSingleBean(FailoverEndpointWebExtension.class);
				FailoverEndpoint.FailoverDescriptor failover = context.getBean(FailoverEndpoint.class).failover();
				assertThat(failover.active()).isEqualTo("primary");
				assertThat(failover.nodes()).extracting(FailoverEndpoint.NodeDescriptor::name)
					.containsExactly("primary", "standby-1");
			});
	}

	@Test
	void startsWithoutActuatorOnTheClasspath() {
		this.runner.withConfiguration(METRICS)
			.withClassLoader(
					new FilteredClassLoader("org.springframework.boot.actuate", "org.springframework.boot.health"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(FailoverHealthIndicator.class);
				assertThat(context).doesNotHaveBean(FailoverEndpoint.class);
				assertThat(context.getBean(JdbcTemplate.class).queryForObject("SELECT 1", Integer.class)).isEqualTo(1);
			});
	}

	@Test
	void startsWithoutMicrometerOnTheClasspath() {
		this.runner.withConfiguration(ACTUATOR)
			.withConfiguration(METRICS)
			.withClassLoader(new FilteredClassLoader("io.micrometer"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(FailoverDataSource.class);
				assertThat(context).doesNotHaveBean(FailoverMetricsRecorder.class);
				assertThat(context).hasSingleBean(FailoverHealthIndicator.class);
			});
	}

	@Test
	void noMetricsWithoutAMeterRegistry() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(FailoverDataSource.class);
			assertThat(context).doesNotHaveBean(FailoverMetricsRecorder.class);
			assertThat(context).doesNotHaveBean(FailoverDataSourceMeterBinder.class);
		});
	}

	@Test
	void bindsEveryNodePoolAndTheFailoverMeters() {
		this.runner.withConfiguration(METRICS).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("hikaricp.connections.max").tag("pool", "primary").gauge().value()).isPositive();
			assertThat(registry.get("hikaricp.connections.max").tag("pool", "standby-1").gauge().value())
				.isPositive();
			assertThat(registry.get("failover.datasource.node.up").tag("node", "standby-1").gauge().value())
				.isEqualTo(1);
			assertThat(registry.get("failover.datasource.node.active").tag("node", "primary").gauge().value())
				.isEqualTo(1);
			assertThat(registry.get("failover.datasource.node.active").tag("node", "standby-1").gauge().value())
				.isZero();
			assertThat(registry.get("failover.datasource.health.checks")
				.tags("node", "primary", "outcome", "success")
				.timer()
				.count()).isPositive();
			assertThat(registry.get("failover.datasource.connections.leaked").gauge().value()).isZero();
			assertThat(registry.get("failover.datasource.leaks").functionCounter().count()).isZero();
		});
	}

	@Test
	void publishesEventsWhenTheDataSourceIsOurs() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(FailoverEventsPublisher.class));
		this.runner.withPropertyValues("failover.datasource.enabled=false", "spring.datasource.url=jdbc:h2:mem:plain")
			.run((context) -> assertThat(context).doesNotHaveBean(FailoverEventsPublisher.class));
	}

}
