package io.github.failoverds.autoconfigure;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.failoverds.health.NodeStatus;
import io.github.failoverds.routing.ActiveNodeChange.Reason;
import io.github.failoverds.routing.ActiveNodeChange;
import io.github.failoverds.routing.FailoverDataSource;
import io.github.failoverds.routing.NoReachableNodeException;
import io.github.failoverds.testsupport.EmbeddedPostgresNode;
import io.github.failoverds.testsupport.WriteLoad;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizationAutoConfiguration;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Failover, fail-back and startup against real PostgreSQL servers that are killed with SIGKILL and
 * restarted on the same port and data directory.
 */
class FailoverIntegrationTest {

	private static final String PASSWORD = "Sup3r-Secret-Pa55";

	private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration LOAD_WAIT = Duration.ofSeconds(30);

	private final List<EmbeddedPostgresNode> servers = new ArrayList<>();

	@AfterEach
	void stopServers() {
		this.servers.forEach(EmbeddedPostgresNode::close);
	}

	@Test
	void allTrafficGoesToThePrimaryWhileItIsUp() {
		startServers("primary", "standby-1");
		runner().run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			for (int i = 0; i < 50; i++) {
				assertThat(serverPort(jdbc)).isEqualTo(server(0).port());
			}
			assertThat(context.getBean(FailoverDataSource.class).getNodes())
				.allSatisfy((node) -> assertThat(node.health().status()).isEqualTo(NodeStatus.UP));
		});
	}

	@Test
	void killedPrimaryUnderWriteLoadFailsOverWithoutLosingAcknowledgedCommits() {
		startServers("primary", "standby-1");
		runner().run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			try (WriteLoad load = WriteLoad.start(4, insertWith(jdbc))) {
				load.awaitCommitsOn(server(0).port(), 100, LOAD_WAIT);
				server(0).kill();
				load.awaitCommitsOn(server(1).port(), 100, LOAD_WAIT);
				load.stop(LOAD_WAIT);
				assertThat(load.failures()).allSatisfy((failure) -> assertThat(failure)
					.isInstanceOf(TransientDataAccessException.class));
				assertThat(load.slowestCall()).isLessThanOrEqualTo(CONNECTION_TIMEOUT.plusSeconds(1));
				assertThat(context.getBean(FailoverDataSource.class).getActiveNode().name()).isEqualTo("standby-1");
				server(0).restart();
				assertEveryAcknowledgedCommitIsPresent(load);
			}
		});
	}

	@Test
	void restartedPrimaryTakesTrafficBackWithoutFailedRequests() {
		startServers("primary", "standby-1");
		runner().run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			FailoverDataSource dataSource = context.getBean(FailoverDataSource.class);
			server(0).kill();
			// a query handed an idle connection of the killed node that HikariCP did not validate (used in the last
			// 500 ms) fails with the driver's error, as documented: wait past it
			await().atMost(Duration.ofSeconds(20))
				.ignoreExceptionsInstanceOf(TransientDataAccessException.class)
				.until(() -> serverPort(jdbc) == server(1).port());
			try (WriteLoad load = WriteLoad.start(4, insertWith(jdbc))) {
				load.awaitCommitsOn(server(1).port(), 20, LOAD_WAIT);
				server(0).restart();
				load.awaitCommitsOn(server(0).port(), 100, LOAD_WAIT);
				load.stop(LOAD_WAIT);
				assertThat(load.failures()).isEmpty();
				assertThat(dataSource.getActiveNode().name()).isEqualTo("primary");
				assertThat(dataSource.getPolicy().recentEvents()).extracting(ActiveNodeChange::reason)
					.as("one failover and one fail-back, no failover on a stale pool error after the fail-back")
					.containsExactly(Reason.FAILOVER, Reason.FAILBACK);
				assertEveryAcknowledgedCommitIsPresent(load);
			}
		});
	}

	@Test
	void transactionsRunOnOneNodeAndFailOverBetweenTransactions() {
		startServers("primary", "standby-1");
		runner().run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			TransactionTemplate transactions = context.getBean(TransactionTemplate.class);
			Integer port = transactions.execute((status) -> {
				int first = serverPort(jdbc);
				jdbc.update("INSERT INTO writes (id, writer) VALUES (-1, -1)");
				assertThat(serverPort(jdbc)).isEqualTo(first);
				return first;
			});
			assertThat(port).isEqualTo(server(0).port());
			server(0).kill();
			Integer after = await().atMost(Duration.ofSeconds(20))
				.ignoreExceptionsInstanceOf(TransientDataAccessException.class)
				.until(() -> transactions.execute((status) -> serverPort(jdbc)), (p) -> p != null);
			assertThat(after).isEqualTo(server(1).port());
		});
	}

	@Test
	void standbyDownAtStartupDoesNotBlockStartupAndJoinsWhenItComesUp() {
		startServers("primary", "standby-1");
		server(1).stop();
		runner().run((context) -> {
			assertThat(context).hasNotFailed();
			FailoverDataSource dataSource = context.getBean(FailoverDataSource.class);
			assertThat(dataSource.getNodes().get(1).health().status()).isEqualTo(NodeStatus.DOWN);
			assertThat(dataSource.getActiveNode().name()).isEqualTo("primary");
			server(1).restart();
			await().atMost(Duration.ofSeconds(20))
				.until(() -> dataSource.getNodes().get(1).health().status() == NodeStatus.UP);
		});
	}

	@Test
	void allNodesDownFailsFastWithEveryNodeAndNoSecret() {
		startServers("primary", "standby-1");
		// await-writable: 0 fails at once, as before waiting for a writable node existed
		runner().withPropertyValues("failover.datasource.await-writable=0").run((context) -> {
			FailoverDataSource dataSource = context.getBean(FailoverDataSource.class);
			server(0).kill();
			server(1).kill();
			await().atMost(Duration.ofSeconds(20)).until(() -> dataSource.getActiveNode() == null);
			long start = System.nanoTime();
			assertThatExceptionOfType(SQLException.class).isThrownBy(dataSource::getConnection)
				.satisfies((ex) -> assertThat(ex.getSQLState()).startsWith("08"))
				.withMessageContaining("primary")
				.withMessageContaining("standby-1")
				.withMessageNotContaining(PASSWORD);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(CONNECTION_TIMEOUT);
		});
	}

	@Test
	void borrowOnAJustKilledNodeDoesNotWaitForTheProbe() {
		startServers("primary", "standby-1");
		runner().withPropertyValues("failover.datasource.health.interval=1h").run((context) -> {
			FailoverDataSource dataSource = context.getBean(FailoverDataSource.class);
			server(0).kill();
			try (Connection connection = dataSource.getConnection()) {
				assertThat(serverPort(connection)).isEqualTo(server(1).port());
			}
			assertThat(dataSource.getNodes().get(0).health().status()).isEqualTo(NodeStatus.DOWN);
			assertThat(dataSource.getNodes().get(0).health().lastError()).doesNotContain(PASSWORD);
		});
	}

	@Test
	void noReachableNodeAtStartupFailsWithAnAnalysisNamingEachNode() {
		startServers("primary", "standby-1");
		server(0).stop();
		server(1).stop();
		runner().run((context) -> {
			assertThat(context).hasFailed();
			NoReachableNodeException failure = rootCause(context, NoReachableNodeException.class);
			FailureAnalysis analysis = new NoReachableNodeFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("primary").contains("standby-1").doesNotContain(PASSWORD);
			assertThat(analysis.getAction()).contains("failover.datasource.startup.require-node");
			assertThat(failure.getErrors()).containsOnlyKeys("primary", "standby-1");
		});
		runner().withPropertyValues("failover.datasource.startup.require-node=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(FailoverDataSource.class).getActiveNode()).isNull();
			server(1).restart();
			await().atMost(Duration.ofSeconds(20))
				.until(() -> context.getBean(FailoverDataSource.class).getActiveNode() != null);
		});
	}

	@Test
	void secondStandbyServesWhenPrimaryAndFirstStandbyDie() {
		startServers("primary", "standby-1", "standby-2");
		runner().run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			server(0).kill();
			server(1).kill();
			Integer port = await().atMost(Duration.ofSeconds(20))
				.ignoreExceptionsInstanceOf(TransientDataAccessException.class)
				.until(() -> serverPort(jdbc), (p) -> p == server(2).port());
			assertThat(port).isEqualTo(server(2).port());
			assertThat(context.getBean(FailoverDataSource.class).getActiveNode().name()).isEqualTo("standby-2");
		});
	}

	private void startServers(String... names) {
		this.servers.addAll(EmbeddedPostgresNode.startAll(names));
		for (EmbeddedPostgresNode server : this.servers) {
			WriteLoad.createTable(server.directDataSource());
		}
	}

	private EmbeddedPostgresNode server(int index) {
		return this.servers.get(index);
	}

	private ApplicationContextRunner runner() {
		List<String> properties = new ArrayList<>(List.of("failover.datasource.connection-timeout=5s",
				"failover.datasource.health.interval=200ms", "failover.datasource.health.timeout=1s",
				"failover.datasource.health.failure-threshold=2", "failover.datasource.health.recovery-threshold=2",
				"failover.datasource.failback.delay=1s", "failover.datasource.hikari.maximum-pool-size=6",
				"failover.datasource.hikari.minimum-idle=2"));
		for (int i = 0; i < this.servers.size(); i++) {
			properties.add("failover.datasource.nodes[" + i + "].url=" + server(i).jdbcUrl());
			properties.add("failover.datasource.nodes[" + i + "].username=" + server(i).username());
			properties.add("failover.datasource.nodes[" + i + "].password=" + PASSWORD);
		}
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(FailoverDataSourceAutoConfiguration.class,
				FailoverExceptionTranslationAutoConfiguration.class,
					DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
					DataSourceTransactionManagerAutoConfiguration.class,
					TransactionManagerCustomizationAutoConfiguration.class, TransactionAutoConfiguration.class))
			.withPropertyValues(properties.toArray(String[]::new));
	}

	private static int serverPort(JdbcTemplate jdbc) {
		return jdbc.queryForObject("SELECT inet_server_port()", Integer.class);
	}

	private static int serverPort(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				var resultSet = statement.executeQuery("SELECT inet_server_port()")) {
			resultSet.next();
			return resultSet.getInt(1);
		}
	}

	private static WriteLoad.Write insertWith(JdbcTemplate jdbc) {
		return (id, writer) -> jdbc.queryForObject(WriteLoad.INSERT, Integer.class, id, writer);
	}

	private void assertEveryAcknowledgedCommitIsPresent(WriteLoad load) {
		for (EmbeddedPostgresNode server : this.servers) {
			assertThat(load.missingCommitsOn(server)).as("acknowledged commits missing on %s", server.name()).isEmpty();
		}
	}

	private static <T extends Throwable> T rootCause(AssertableApplicationContext context, Class<T> type) {
		for (Throwable current = context.getStartupFailure(); current != null; current = current.getCause()) {
			if (type.isInstance(current)) {
				return type.cast(current);
			}
		}
		throw new AssertionError("no " + type.getSimpleName() + " in " + context.getStartupFailure());
	}

}
