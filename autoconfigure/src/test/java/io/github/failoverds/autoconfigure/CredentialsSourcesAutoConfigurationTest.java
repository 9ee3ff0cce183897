package io.github.failoverds.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.time.Instant;
import java.util.Map;

import com.zaxxer.hikari.HikariCredentialsProvider;
import com.zaxxer.hikari.util.Credentials;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.failoverds.actuate.FailoverDataSourceMeterBinder;
import io.github.failoverds.actuate.FailoverHealthIndicator;
import io.github.failoverds.actuate.NodeState;
import io.github.failoverds.autoconfigure.credentials.CredentialsWatcher;
import io.github.failoverds.autoconfigure.credentials.DirectoryCredentialsProvider;
import io.github.failoverds.routing.DatabaseNode;
import io.github.failoverds.routing.FailoverDataSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.map;

/**
 * Where each node takes its credentials from: a node's own directory, a {@link HikariCredentialsProvider} bean,
 * the shared directory; what health and metrics show of them; and the mistakes named at startup.
 */
class CredentialsSourcesAutoConfigurationTest {

	private static final Instant WRITTEN = Instant.parse("2026-03-04T05:06:07Z");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FailoverDataSourceAutoConfiguration.class,
				DataSourceAutoConfiguration.class, FailoverHealthContributorAutoConfiguration.class,
				HealthContributorAutoConfiguration.class, FailoverMetricsAutoConfiguration.class,
				MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class))
		.withPropertyValues("failover.datasource.hikari.minimum-idle=0");

	@TempDir
	Path shared;

	@TempDir
	Path own;

	@Test
	void theSharedDirectoryGivesEveryNodeItsCredentials() throws IOException {
		credentials(this.shared, "dir-user", "dir-pw");
		this.runner
			.withPropertyValues("failover.datasource.nodes[0].url=jdbc:h2:mem:credentials-shared-a",
					"failover.datasource.nodes[1].url=jdbc:h2:mem:credentials-shared-b",
					"failover.datasource.nodes[1].username=ignored", "failover.datasource.nodes[1].password=ignored",
					"failover.datasource.credentials.directory=" + this.shared)
			.run((context) -> {
				FailoverDataSource dataSource = context.getBean(FailoverDataSource.class);
				assertThat(dataSource.getNodes()).allSatisfy((node) -> assertThat(provider(node).getDirectory())
					.isEqualTo(this.shared));
				try (Connection connection = dataSource.getConnection()) {
					assertThat(connection.getMetaData().getUserName()).isEqualToIgnoringCase("dir-user");
				}
				assertThat(context).hasSingleBean(CredentialsWatcher.class);
			});
	}

	@Test
	void aNodesOwnDirectoryComesFirst() throws IOException {
		credentials(this.shared, "dir-user", "dir-pw");
		credentials(this.own, "own-user", "own-pw");
		this.runner
			.withPropertyValues("failover.datasource.nodes[0].url=jdbc:h2:mem:credentials-own-a",
					"failover.datasource.nodes[1].url=jdbc:h2:mem:credentials-own-b",
					"failover.datasource.nodes[1].credentials-directory=" + this.own,
					"failover.datasource.credentials.directory=" + this.shared)
			.run((context) -> {
				FailoverDataSource dataSource = context.getBean(FailoverDataSource.class);
				assertThat(provider(dataSource.getNodes().get(0)).getDirectory()).isEqualTo(this.shared);
				assertThat(provider(dataSource.getNodes().get(1)).getDirectory()).isEqualTo(this.own);
			});
	}

	@Test
	void aCredentialsProviderBeanServesEveryNodeWithoutADirectoryOfItsOwn() throws IOException {
		credentials(this.own, "own-user", "own-pw");
		HikariCredentialsProvider bean = () -> Credentials.of("bean-user", "bean-pw");
		this.runner.withBean(HikariCredentialsProvider.class, () -> bean)
			.withPropertyValues("failover.datasource.nodes[0].url=jdbc:h2:mem:credentials-bean-a",
					"failover.datasource.nodes[1].url=jdbc:h2:mem:credentials-bean-b",
					"failover.datasource.nodes[1].credentials-directory=" + this.own)
			.run((context) -> {
				FailoverDataSource dataSource = context.getBean(FailoverDataSource.class);
				assertThat(dataSource.getNodes().get(0).pool().getCredentialsProvider()).isSameAs(bean);
				assertThat(provider(dataSource.getNodes().get(1)).getDirectory()).isEqualTo(this.own);
				try (Connection connection = dataSource.getConnection()) {
					assertThat(connection.getMetaData().getUserName()).isEqualToIgnoringCase("bean-user");
				}
			});
	}

	@Test
	void aCredentialsProviderBeanAppliesToShortcutNodesToo() {
		HikariCredentialsProvider bean = () -> Credentials.of("bean-user", "bean-pw");
		this.runner.withBean(HikariCredentialsProvider.class, () -> bean)
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:credentials-bean-shortcut")
			.run((context) -> assertThat(
					context.getBean(FailoverDataSource.class).getNodes().get(0).pool().getCredentialsProvider())
				.isSameAs(bean));
	}

	@Test
	void healthAndMetricsShowWhenRotatingCredentialsLastChanged() throws IOException {
		credentials(this.shared, "dir-user", "dir-pw");
		this.runner
			.withPropertyValues("failover.datasource.nodes[0].url=jdbc:h2:mem:credentials-observed-a",
					"failover.datasource.nodes[1].url=jdbc:h2:mem:credentials-observed-b",
					"failover.datasource.nodes[1].credentials-directory=" + this.shared)
			.run((context) -> {
				Map<String, NodeState> nodes = nodeStates(context);
				assertThat(nodes.get("primary").credentialsChangedAt()).isNull();
				assertThat(nodes.get("standby-1").credentialsChangedAt()).isEqualTo(WRITTEN);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.find(FailoverDataSourceMeterBinder.CREDENTIALS_AGE).tag("node", "primary").gauge())
					.isNull();
				assertThat(registry.get(FailoverDataSourceMeterBinder.CREDENTIALS_AGE)
					.tag("node", "standby-1")
					.timeGauge()
					.value()).isGreaterThan(0);
			});
	}

	@Test
	void aMissingDirectoryIsNamed() {
		this.runner
			.withPropertyValues("failover.datasource.nodes[0].url=jdbc:h2:mem:credentials-missing",
					"failover.datasource.nodes[0].credentials-directory=" + this.own.resolve("absent"))
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("Property: failover.datasource.nodes[0].credentials-directory")
				.contains("The credentials directory of node 'primary' does not exist."));
	}

	@Test
	void anEmptyPasswordFileIsNamed() throws IOException {
		Files.writeString(this.shared.resolve("password"), "");
		this.runner
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:credentials-empty",
					"failover.datasource.credentials.directory=" + this.shared)
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("Property: failover.datasource.credentials.directory")
				.contains(this.shared.resolve("password") + " is empty"));
	}

	@Test
	void aBeanAndTheSharedDirectoryTogetherAreAMistake() throws IOException {
		credentials(this.shared, "dir-user", "dir-pw");
		this.runner.withBean(HikariCredentialsProvider.class, () -> () -> Credentials.of("bean-user", "bean-pw"))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:credentials-both",
					"failover.datasource.credentials.directory=" + this.shared)
			.run((context) -> assertThat(analysis(context).getAction())
				.contains("Remove failover.datasource.credentials.directory or the HikariCredentialsProvider bean"));
	}

	@Test
	void theRefreshIntervalMustBeAboveZero() {
		this.runner
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:credentials-interval",
					"failover.datasource.credentials.refresh-interval=0s")
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("Property: failover.datasource.credentials.refresh-interval"));
	}

	private static void credentials(Path directory, String username, String password) throws IOException {
		Files.writeString(directory.resolve("username"), username);
		Path file = Files.writeString(directory.resolve("password"), password);
		Files.setLastModifiedTime(file, FileTime.from(WRITTEN));
		Files.setLastModifiedTime(directory.resolve("username"), FileTime.from(WRITTEN));
	}

	private static DirectoryCredentialsProvider provider(DatabaseNode node) {
		assertThat(node.pool().getCredentialsProvider()).isInstanceOf(DirectoryCredentialsProvider.class);
		return (DirectoryCredentialsProvider) node.pool().getCredentialsProvider();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, NodeState> nodeStates(AssertableApplicationContext context) {
		Object nodes = context.getBean(FailoverHealthIndicator.class).health().getDetails().get("nodes");
		assertThat(nodes).asInstanceOf(map(String.class, NodeState.class)).isNotEmpty();
		return (Map<String, NodeState>) nodes;
	}

	private static FailureAnalysis analysis(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		FailureAnalysis analysis = new InvalidFailoverPropertyFailureAnalyzer(null)
			.analyze(context.getStartupFailure());
		assertThat(analysis).as("failure analysis of %s", context.getStartupFailure()).isNotNull();
		return analysis;
	}

}
