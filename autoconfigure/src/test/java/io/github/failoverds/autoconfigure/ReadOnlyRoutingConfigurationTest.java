package io.github.failoverds.autoconfigure;

import java.sql.Connection;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.failoverds.routing.FailoverDataSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.datasource.ConnectionProxy;

import static io.github.failoverds.autoconfigure.ShortcutConfigurationTest.environmentVariables;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two shapes of {@code failover.datasource.read-only-routing}: the nested settings and the boolean
 * shorthand, as properties and as environment variables, and the warnings for settings that cannot work
 * on the configured databases (in-memory H2 nodes here, whose lag cannot be measured).
 */
@ExtendWith(OutputCaptureExtension.class)
class ReadOnlyRoutingConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FailoverDataSourceAutoConfiguration.class,
				DataSourceAutoConfiguration.class))
		.withPropertyValues("failover.datasource.nodes[0].url=jdbc:h2:mem:routing-a",
				"failover.datasource.nodes[1].url=jdbc:h2:mem:routing-b", "failover.datasource.hikari.minimum-idle=0");

	@Test
	void nestedSettingsBind() {
		this.runner
			.withPropertyValues("failover.datasource.read-only-routing.enabled=true",
					"failover.datasource.read-only-routing.max-lag=5s",
					"failover.datasource.read-only-routing.read-your-writes=true",
					"failover.datasource.read-only-routing.max-wait=1s")
			.run((context) -> {
				FailoverDataSourceProperties.ReadOnlyRouting routing = routing(context.getBean(
						FailoverDataSourceProperties.class));
				assertThat(routing.isEnabled()).isTrue();
				assertThat(routing.getMaxLag()).isEqualTo(Duration.ofSeconds(5));
				assertThat(routing.isReadYourWrites()).isTrue();
				assertThat(routing.getMaxWait()).isEqualTo(Duration.ofSeconds(1));
				assertThat(context.getBean(FailoverDataSource.class).getReplicaSelector().maxLag())
					.isEqualTo(Duration.ofSeconds(5));
			});
	}

	@Test
	void defaultsAreOffWithoutALagLimit() {
		this.runner.run((context) -> {
			FailoverDataSourceProperties.ReadOnlyRouting routing = routing(context.getBean(
					FailoverDataSourceProperties.class));
			assertThat(routing.isEnabled()).isFalse();
			assertThat(routing.getMaxLag()).isNull();
			assertThat(routing.isReadYourWrites()).isFalse();
			assertThat(routing.getMaxWait()).isEqualTo(Duration.ofMillis(200));
			assertThat(context.getBean(FailoverDataSource.class).getReplicaSelector().maxLag()).isNull();
		});
	}

	@Test
	void shorthandPropertyEnablesReadOnlyRoutingWithTheDefaults() {
		this.runner.withPropertyValues("failover.datasource.read-only-routing=true").run((context) -> {
			FailoverDataSourceProperties.ReadOnlyRouting routing = routing(context.getBean(
					FailoverDataSourceProperties.class));
			assertThat(routing.isEnabled()).isTrue();
			assertThat(routing.getMaxWait()).isEqualTo(Duration.ofMillis(200));
			try (Connection connection = context.getBean(FailoverDataSource.class).getConnection()) {
				assertThat(connection).as("through the read/write router").isInstanceOf(ConnectionProxy.class);
			}
		});
		this.runner.withPropertyValues("failover.datasource.read-only-routing=false")
			.run((context) -> assertThat(routing(context.getBean(FailoverDataSourceProperties.class)).isEnabled())
				.isFalse());
	}

	@Test
	void shorthandEnvironmentVariableEnablesReadOnlyRouting() {
		this.runner.withInitializer(environmentVariables("FAILOVER_DATASOURCE_READONLYROUTING=true"))
			.run((context) -> assertThat(routing(context.getBean(FailoverDataSourceProperties.class)).isEnabled())
				.isTrue());
	}

	@Test
	void nestedEnvironmentVariablesBind() {
		this.runner
			.withInitializer(environmentVariables("FAILOVER_DATASOURCE_READONLYROUTING_ENABLED=true",
					"FAILOVER_DATASOURCE_READONLYROUTING_MAXLAG=3s"))
			.run((context) -> {
				FailoverDataSourceProperties.ReadOnlyRouting routing = routing(context.getBean(
						FailoverDataSourceProperties.class));
				assertThat(routing.isEnabled()).isTrue();
				assertThat(routing.getMaxLag()).isEqualTo(Duration.ofSeconds(3));
			});
	}

	@Test
	void lagLimitOnNodesWhoseLagCannotBeMeasuredWarnsNamingEachNode(CapturedOutput output) {
		this.runner
			.withPropertyValues("failover.datasource.read-only-routing.enabled=true",
					"failover.datasource.read-only-routing.max-lag=5s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("the replication lag of node 'primary' cannot be measured")
					.contains("the replication lag of node 'standby-1' cannot be measured");
			});
	}

	@Test
	void readYourWritesOnAnotherDatabaseThanPostgresqlStaysOffWithAWarning(CapturedOutput output) {
		this.runner
			.withPropertyValues("failover.datasource.read-only-routing.enabled=true",
					"failover.datasource.read-only-routing.read-your-writes=true")
			.run((context) -> {
				assertThat(context.getBean(FailoverDataSource.class).getReadYourWrites().isEnabled()).isFalse();
				assertThat(output).contains("read-your-writes is off: it needs PostgreSQL on every node, and "
						+ "[primary, standby-1] are not");
			});
	}

	private static FailoverDataSourceProperties.ReadOnlyRouting routing(FailoverDataSourceProperties properties) {
		return properties.getReadOnlyRouting();
	}

}
