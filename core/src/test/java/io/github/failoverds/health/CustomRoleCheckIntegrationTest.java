package io.github.failoverds.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import com.zaxxer.hikari.HikariConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import io.github.failoverds.routing.DatabaseNode;
import io.github.failoverds.routing.FailoverDataSource;
import io.github.failoverds.routing.FailoverDataSourceBuilder;
import io.github.failoverds.health.NodeRole;
import io.github.failoverds.testsupport.EmbeddedPostgresNode;
import io.github.failoverds.testsupport.EmbeddedPostgresNodes;
import io.github.failoverds.testsupport.ServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@code role-check} set to custom SQL and to {@code none}, on two real PostgreSQL servers that are not
 * replicating: one of them is made read-only by {@code default_transaction_read_only}, a flag that
 * {@code pg_is_in_recovery()} does not see.
 */
class CustomRoleCheckIntegrationTest {

	private static final String READ_ONLY_FLAG = "SELECT current_setting('default_transaction_read_only')::boolean";

	private static final Duration PROBE_WAIT = Duration.ofSeconds(5);

	@AutoClose
	private static final EmbeddedPostgresNodes servers = EmbeddedPostgresNodes.start("primary", "standby-1");

	private FailoverDataSource dataSource;

	@AfterEach
	void closeDataSourceAndMakeWritable() throws SQLException {
		this.dataSource.close();
		for (EmbeddedPostgresNode server : servers) {
			setReadOnly(server, false);
		}
	}

	@Test
	void customSqlDecidesWhichNodeTakesWrites() throws SQLException {
		setReadOnly(servers.get(1), true);
		this.dataSource = dataSource(READ_ONLY_FLAG);
		assertThat(this.dataSource.getNodes()).extracting((node) -> node.health().role())
			.containsExactly(NodeRole.PRIMARY, NodeRole.REPLICA);
		assertThat(ServerPort.of(this.dataSource)).isEqualTo(servers.get(0).port());
		setReadOnly(servers.get(0), true);
		await("no writable node").atMost(PROBE_WAIT).until(() -> this.dataSource.getActiveNode() == null);
		assertThatExceptionOfType(SQLException.class).isThrownBy(this.dataSource::getConnection)
			.withMessageContaining("primary is UP (role REPLICA)")
			.withMessageContaining("standby-1 is UP (role REPLICA)");
		setReadOnly(servers.get(1), false);
		await("writes on the node made writable").atMost(PROBE_WAIT)
			.ignoreExceptionsInstanceOf(SQLException.class)
			.until(() -> ServerPort.of(this.dataSource) == servers.get(1).port());
		assertThat(node("standby-1").health().role()).isEqualTo(NodeRole.PRIMARY);
	}

	@Test
	void noneTrustsEveryReachableNodeToBeWritable() throws SQLException {
		setReadOnly(servers.get(0), true);
		this.dataSource = dataSource("none");
		assertThat(this.dataSource.getNodes()).extracting((node) -> node.health().role())
			.containsExactly(NodeRole.UNKNOWN, NodeRole.UNKNOWN);
		assertThat(this.dataSource.getActiveNode().name()).isEqualTo("primary");
		try (Connection connection = this.dataSource.getConnection(); Statement statement = connection.createStatement()) {
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> statement.execute("CREATE TABLE not_here (id INT)"))
				.withMessageContaining("read-only transaction");
		}
	}

	private FailoverDataSource dataSource(String roleCheck) {
		FailoverDataSourceBuilder builder = FailoverDataSource.builder()
			.connectionTimeout(Duration.ofSeconds(10))
			.health(Duration.ofMillis(200), Duration.ofSeconds(1), 2, 2, 10)
			.roleCheck(roleCheck);
		for (EmbeddedPostgresNode server : servers) {
			HikariConfig config = server.poolConfig(2);
			config.setMinimumIdle(0);
			builder.node(server.name(), config);
		}
		return builder.build();
	}

	private DatabaseNode node(String name) {
		return this.dataSource.getNodes().stream().filter((node) -> node.name().equals(name)).findFirst().orElseThrow();
	}

	/** Sets {@code default_transaction_read_only} server-wide; sessions already open see it too. */
	private static void setReadOnly(EmbeddedPostgresNode server, boolean readOnly) throws SQLException {
		try (Connection connection = server.directDataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("ALTER SYSTEM SET default_transaction_read_only = " + readOnly);
			statement.execute("SELECT pg_reload_conf()");
		}
	}

}
