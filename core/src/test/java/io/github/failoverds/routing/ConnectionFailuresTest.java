package io.github.failoverds.routing;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unit tests of {@link ConnectionFailures} on the shapes drivers and HikariCP give failures that no test
 * server here produces (see {@link MariaDbServerFullTest} and {@link PostgresServerFullTest} for real
 * servers).
 */
class ConnectionFailuresTest {

	@Test
	void mysqlConnectorJTooManyConnectionsUnderAnyWrapperIsNoConnectionFailure() {
		// as MySQL Connector/J raises error 1040, and HikariCP's pool timeout wraps it
		SQLException refused = new SQLNonTransientConnectionException("Too many connections", "08004", 1040);
		SQLException poolTimeout = new SQLTransientConnectionException("app - Connection is not available", "08004",
				refused);
		assertThat(ConnectionFailures.isConnectionFailure(refused)).isFalse();
		assertThat(ConnectionFailures.isConnectionFailure(poolTimeout)).isFalse();
		assertThat(ConnectionFailures.isConnectionFailure(new IllegalStateException(poolTimeout))).isFalse();
	}

	@Test
	void otherRejectionsAndOtherErrorsWithCode1040StayWhatTheyWere() {
		SQLException rejected = new SQLNonTransientConnectionException(
				"Data source rejected establishment of connection", "08004");
		SQLException poolTimeout = new SQLTransientConnectionException("timeout", "08004", rejected);
		assertThat(ConnectionFailures.isConnectionFailure(rejected)).isTrue();
		assertThat(ConnectionFailures.isConnectionFailure(poolTimeout)).isTrue();
		assertThat(ConnectionFailures.isConnectionFailure(new SQLException("Connection refused", "08001", 1040)))
			.isTrue();
	}

}
