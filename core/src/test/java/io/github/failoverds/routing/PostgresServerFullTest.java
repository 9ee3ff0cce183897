package io.github.failoverds.routing;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import io.github.failoverds.testsupport.EmbeddedPostgresNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PostgreSQL server with {@code max_connections} connections refuses the next one with SQLState
 * {@code 53300} ({@code too_many_connections}): pgjdbc raises it as a plain {@link SQLException} and
 * HikariCP's pool timeout copies the state, so it was never a connection failure, unlike MySQL's and
 * MariaDB's error 1040 (see {@link MariaDbServerFullTest}).
 */
@TestInstance(Lifecycle.PER_CLASS)
class PostgresServerFullTest {

	/** The least PostgreSQL takes: more than its three {@code superuser_reserved_connections}. */
	private static final int MAX_CONNECTIONS = 4;

	private EmbeddedPostgresNode server;

	@BeforeAll
	void startServer() {
		this.server = EmbeddedPostgresNode.start("full", Map.of("max_connections", String.valueOf(MAX_CONNECTIONS)));
	}

	@AfterAll
	void stopServer() {
		this.server.close();
	}

	@Test
	void tooManyClientsFromPgjdbcAndFromHikariIsNoConnectionFailure() throws SQLException {
		try (ServerFiller filler = new ServerFiller()) {
			SQLException refused = filler.fill(this.server.directDataSource()::getConnection, 2 * MAX_CONNECTIONS);
			assertThat(refused.getSQLState()).as("%s", refused).isEqualTo("53300");
			assertThat((Throwable) refused).isNotInstanceOf(SQLNonTransientConnectionException.class);
			assertThat(ConnectionFailures.isConnectionFailure(refused)).isFalse();
			SQLException timeout = ServerFiller.poolTimeout(this.server.poolConfig(1));
			assertThat(timeout.getSQLState()).isEqualTo("53300");
			assertThat((Throwable) timeout).hasCauseInstanceOf(SQLException.class);
			assertThat(ConnectionFailures.isConnectionFailure(timeout)).isFalse();
		}
	}

}
