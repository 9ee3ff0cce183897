package io.github.failoverds.autoconfigure;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import io.github.failoverds.actuate.FailoverHealthIndicator;
import io.github.failoverds.actuate.NodeState;
import io.github.failoverds.routing.FailoverDataSource;
import io.github.failoverds.health.NodeStatus;
import io.github.failoverds.testsupport.EmbeddedPostgresNode;
import io.github.failoverds.testsupport.FaultProxy;
import io.github.failoverds.testsupport.PostgresReplicationCluster;
import io.github.failoverds.testsupport.WriteLoad;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizationAutoConfiguration;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Read/write splitting ({@code failover.datasource.read-only-routing=true}) on real PostgreSQL
 * streaming replication, a primary and two hot standbys: {@code @Transactional(readOnly = true)} work
 * and connections set read-only before first use read from the standbys in turn, everything else goes
 * to the primary, and read-only work falls back to the primary while no standby is UP.
 * {@code inet_server_port()} tells which server answered.
 */
class ReadWriteSplittingIntegrationTest {

	private static final Duration PROBE_WAIT = Duration.ofSeconds(10);

	private static final AtomicLong ids = new AtomicLong();

	@AutoClose
	private static final PostgresReplicationCluster cluster = PostgresReplicationCluster
		.startWithWriteTable("primary", "standby-1", "standby-2");

	@AfterEach
	void restartStandbys() {
		for (EmbeddedPostgresNode standby : cluster.standbys()) {
			if (!standby.isRunning()) {
				standby.restart();
			}
		}
		cluster.awaitStreaming();
	}

	@Test
	void readOnlyWorkReadsFromTheStandbysInTurnAndEverythingElseFromThePrimary() {
		runner().run((context) -> {
			ReportService service = context.getBean(ReportService.class);
			FailoverDataSource dataSource = context.getBean(FailoverDataSource.class);
			assertThat(readOnlyPorts(service, 4)).containsExactlyInAnyOrderElementsOf(standbyPorts());
			long id = ids.incrementAndGet();
			assertThat(service.insert(id)).isEqualTo(primary().port());
			assertThat(serverPort(context.getBean(JdbcTemplate.class))).as("outside a transaction")
				.isEqualTo(primary().port());
			try (Connection connection = dataSource.getConnection()) {
				connection.setReadOnly(true);
				assertThat(serverPort(connection)).as("set read-only before first use").isIn(standbyPorts());
			}
			cluster.standbys().forEach(cluster::awaitReplayed);
			assertThat(IntStream.range(0, 2).map((i) -> service.count(id))).as("the new row, read on each standby")
				.containsOnly(1);
		});
	}

	@Test
	void readOnlyTransactionHoldsOneStandbyConnectionAndHealthShowsEachNode() {
		runner().run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			TransactionTemplate readOnly = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
			readOnly.setReadOnly(true);
			FailoverHealthIndicator health = new FailoverHealthIndicator(context.getBean(FailoverDataSource.class));
			readOnly.executeWithoutResult((status) -> {
				int port = serverPort(jdbc);
				assertThat(serverPort(jdbc)).as("same connection for the whole transaction").isEqualTo(port);
				String standby = cluster.standbys().stream().filter((node) -> node.port() == port).findFirst()
					.orElseThrow().name();
				Map<String, NodeState> nodes = nodeStates(health);
				assertThat(nodes.get(standby).pool().active()).isEqualTo(1);
				assertThat(nodes.get("primary").pool().active()).isZero();
			});
			assertThat(nodeStates(health)).extractingFromEntries(Map.Entry::getKey, (entry) -> entry.getValue().role())
				.containsExactly(tuple("primary", "PRIMARY"),
						tuple("standby-1", "REPLICA"),
						tuple("standby-2", "REPLICA"));
		});
	}

	@Test
	void readOnlyWorkFallsBackToThePrimaryWhileNoStandbyIsUp() {
		runner().run((context) -> {
			ReportService service = context.getBean(ReportService.class);
			FailoverDataSource dataSource = context.getBean(FailoverDataSource.class);
			cluster.standbys().get(1).kill();
			await("standby-2 DOWN").atMost(PROBE_WAIT)
				.until(() -> dataSource.getNodes().get(2).health().status() == NodeStatus.DOWN);
			assertThat(readOnlyPorts(service, 4)).containsExactly(cluster.standby().port());
			cluster.standby().kill();
			await("read-only work on the primary").atMost(PROBE_WAIT)
				.ignoreExceptionsInstanceOf(DataAccessException.class)
				.until(service::readOnlyPort, (port) -> port == primary().port());
			assertThat(readOnlyPorts(service, 4)).containsExactly(primary().port());
			restartStandbys();
			await("read-only work back on the standbys").atMost(PROBE_WAIT)
				.until(() -> readOnlyPorts(service, 4), standbyPorts()::equals);
		});
	}

	@Test
	void readsDoNotWaitForASilentPrimaryBeforeTheFirstWriteEverSucceeded() {
		try (FaultProxy primaryProxy = FaultProxy.start("127.0.0.1", primary().port())) {
			runner().withPropertyValues("failover.datasource.nodes[0].url=" + primaryProxy.jdbcUrl("postgres"),
					"failover.datasource.health.timeout=2s")
				.run((context) -> {
					ReportService service = context.getBean(ReportService.class);
					primaryProxy.blackHole();
					long start = System.nanoTime();
					assertThat(service.readOnlyPort()).isIn(standbyPorts());
					// the lazy proxy no longer borrows from the writable node to learn its defaults: the read
					// does not wait for a validation (up to health.timeout) or a slice on the silent primary
					assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
					primaryProxy.pass();
				});
		}
	}

	private ApplicationContextRunner runner() {
		List<String> properties = new ArrayList<>(List.of("failover.datasource.read-only-routing=true",
				"failover.datasource.connection-timeout=10s", "failover.datasource.health.interval=200ms",
				"failover.datasource.health.timeout=1s", "failover.datasource.health.failure-threshold=2",
				"failover.datasource.health.recovery-threshold=2", "failover.datasource.failback.delay=1s",
				"failover.datasource.hikari.maximum-pool-size=4", "failover.datasource.hikari.minimum-idle=1"));
		List<EmbeddedPostgresNode> servers = new ArrayList<>(List.of(primary()));
		servers.addAll(cluster.standbys());
		properties.addAll(NodeProperties.of(servers));
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(FailoverDataSourceAutoConfiguration.class,
					DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
					DataSourceTransactionManagerAutoConfiguration.class, FailoverExceptionTranslationAutoConfiguration.class,
					TransactionManagerCustomizationAutoConfiguration.class, TransactionAutoConfiguration.class))
			.withPropertyValues(properties.toArray(String[]::new))
			.withBean(ReportService.class);
	}

	private static EmbeddedPostgresNode primary() {
		return cluster.primary();
	}

	private static Set<Integer> standbyPorts() {
		return cluster.standbys().stream().map(EmbeddedPostgresNode::port).collect(Collectors.toSet());
	}

	private static Set<Integer> readOnlyPorts(ReportService service, int calls) {
		return IntStream.range(0, calls).mapToObj((i) -> service.readOnlyPort()).collect(Collectors.toSet());
	}

	@SuppressWarnings("unchecked")
	private static Map<String, NodeState> nodeStates(FailoverHealthIndicator health) {
		return (Map<String, NodeState>) health.health().getDetails().get("nodes");
	}

	private static int serverPort(JdbcTemplate jdbc) {
		return jdbc.queryForObject("SELECT inet_server_port()", Integer.class);
	}

	private static int serverPort(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery("SELECT inet_server_port()")) {
			resultSet.next();
			return resultSet.getInt(1);
		}
	}

	/**
	 * An application service: read-only transactions for reports, read-write ones for changes.
	 */
	static class ReportService {

		private final JdbcTemplate jdbc;

		ReportService(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@Transactional(readOnly = true)
		public int readOnlyPort() {
			return serverPort(this.jdbc);
		}

		@Transactional(readOnly = true)
		public int count(long id) {
			return this.jdbc.queryForObject("SELECT count(*) FROM writes WHERE id = ?", Integer.class, id);
		}

		@Transactional
		public int insert(long id) {
			return this.jdbc.queryForObject(WriteLoad.INSERT, Integer.class, id, 0);
		}

	}

}
