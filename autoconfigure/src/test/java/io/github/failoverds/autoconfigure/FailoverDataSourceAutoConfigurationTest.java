package io.github.failoverds.autoconfigure;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import io.github.failoverds.routing.DatabaseNode;
import io.github.failoverds.routing.FailoverDataSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizationAutoConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Wiring of the auto-configuration, against in-memory H2 nodes.
 */
class FailoverDataSourceAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FailoverDataSourceAutoConfiguration.class,
				FailoverExceptionTranslationAutoConfiguration.class,
				DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class,
				TransactionManagerCustomizationAutoConfiguration.class))
		.withPropertyValues("failover.datasource.nodes[0].url=jdbc:h2:mem:wiring-a",
				"failover.datasource.nodes[1].url=jdbc:h2:mem:wiring-b", "failover.datasource.hikari.minimum-idle=0");

	@Test
	void createsOneFailoverDataSourceThatBootUses() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(DataSource.class);
			FailoverDataSource dataSource = context.getBean(FailoverDataSource.class);
			assertThat(dataSource.getNodes()).extracting(DatabaseNode::name).containsExactly("primary", "standby-1");
			assertThat(dataSource.getActiveNode().name()).isEqualTo("primary");
			assertThat(context.getBean(JdbcTemplate.class).getDataSource()).isSameAs(dataSource);
			assertThat(context.getBean(JdbcTemplate.class).queryForObject("SELECT 1", Integer.class)).isEqualTo(1);
			assertThat(context.getBean(JdbcTemplate.class).getExceptionTranslator())
				.isInstanceOf(FailoverSqlExceptionTranslator.class);
			assertThat(context.getBean(JdbcTransactionManager.class).getExceptionTranslator())
				.isInstanceOf(FailoverSqlExceptionTranslator.class);
		});
	}

	@Test
	void backsOffWhenTheApplicationDefinesADataSource() {
		this.runner.withBean("userDataSource", DataSource.class, () -> new SimpleDriverDataSource())
			.run((context) -> {
				assertThat(context).hasSingleBean(DataSource.class);
				assertThat(context).doesNotHaveBean(FailoverDataSource.class);
				assertThat(context).doesNotHaveBean(FailoverSqlExceptionTranslator.class);
				assertThat(context).doesNotHaveBean("failoverTransactionManagerCustomizer");
			});
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("failover.datasource.enabled=false", "spring.datasource.url=jdbc:h2:mem:plain")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(FailoverDataSource.class);
				assertThat(context).getBean(DataSource.class).isInstanceOf(HikariDataSource.class);
			});
	}

	@Test
	void nodeHikariSettingsOverrideSharedOnes() {
		this.runner
			.withPropertyValues("failover.datasource.hikari.maximum-pool-size=7",
					"failover.datasource.hikari.data-source-properties.shared=yes",
					"failover.datasource.hikari.data-source-properties.overridden=shared",
					"failover.datasource.nodes[0].name=east", "failover.datasource.nodes[1].name=west",
					"failover.datasource.nodes[1].hikari.maximum-pool-size=3",
					"failover.datasource.nodes[1].hikari.data-source-properties.overridden=node",
					"failover.datasource.nodes[1].username=sa", "failover.datasource.nodes[1].password=s3cret")
			.run((context) -> {
				List<DatabaseNode> nodes = context.getBean(FailoverDataSource.class).getNodes();
				HikariDataSource east = nodes.get(0).pool();
				HikariDataSource west = nodes.get(1).pool();
				assertThat(east.getPoolName()).isEqualTo("east");
				assertThat(east.getMaximumPoolSize()).isEqualTo(7);
				assertThat(east.getDataSourceProperties()).containsEntry("overridden", "shared");
				assertThat(west.getPoolName()).isEqualTo("west");
				assertThat(west.getMaximumPoolSize()).isEqualTo(3);
				assertThat(west.getDataSourceProperties()).containsEntry("shared", "yes")
					.containsEntry("overridden", "node");
				assertThat(west.getUsername()).isEqualTo("sa");
				assertThat(west.getPassword()).isEqualTo("s3cret");
			});
	}

	@Test
	void bindsRoutingAndHealthProperties() {
		this.runner
			.withPropertyValues("failover.datasource.connection-timeout=5s", "failover.datasource.health.interval=250ms",
					"failover.datasource.health.failure-threshold=4", "failover.datasource.failback.delay=1m",
					"failover.datasource.failback.enabled=false", "failover.datasource.startup.require-node=false")
			.run((context) -> {
				FailoverDataSourceProperties properties = context.getBean(FailoverDataSourceProperties.class);
				assertThat(properties.getConnectionTimeout()).hasSeconds(5);
				assertThat(properties.getHealth().getInterval()).hasMillis(250);
				assertThat(properties.getHealth().getFailureThreshold()).isEqualTo(4);
				assertThat(properties.getFailback().getDelay()).hasMinutes(1);
				assertThat(properties.getFailback().isEnabled()).isFalse();
				assertThat(properties.getStartup().isRequireNode()).isFalse();
			});
	}

	@Test
	void readWriteSplittingTakesAutoCommitFromThePoolsAsResolved() {
		this.runner.withPropertyValues("failover.datasource.read-only-routing=true",
				"spring.datasource.hikari.auto-commit=true", "failover.datasource.nodes[0].hikari.auto-commit=false")
			.run((context) -> {
				try (Connection connection = context.getBean(FailoverDataSource.class).getConnection()) {
					assertThat(connection.getAutoCommit()).isFalse();
				}
			});
	}

	@Test
	void closesPoolsAndStopsProbesOnShutdown() {
		FailoverDataSource[] holder = new FailoverDataSource[1];
		this.runner.run((context) -> holder[0] = context.getBean(FailoverDataSource.class));
		assertThat(holder[0].getNodes()).allSatisfy((node) -> assertThat(node.pool().isClosed()).isTrue());
		// a probe thread whose executor has terminated may still be returning from its last task
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
				.noneMatch((name) -> name.startsWith("failover-probe-") && name.contains("primary")));
	}

	@Test
	void generatesConfigurationMetadataWithDefaults() throws Exception {
		try (InputStream metadata = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			String json = new String(metadata.readAllBytes(), StandardCharsets.UTF_8);
			assertThat(json).contains("\"failover.datasource.health.interval\"")
				.contains("\"failover.datasource.failback.delay\"")
				.contains("\"failover.datasource.hikari.maximum-pool-size\"")
				.contains("\"defaultValue\": \"10s\"");
		}
	}

}
