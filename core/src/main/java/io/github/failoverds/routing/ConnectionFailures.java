package io.github.failoverds.routing;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Set;

/**
 * Tells connection-class failures (the node is unreachable or shutting down) from every other error.
 */
public final class ConnectionFailures {

	/** PostgreSQL states that mean the server is going away or not accepting connections yet. */
	private static final Set<String> SERVER_UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03");

	private ConnectionFailures() {
	}

	/**
	 * Whether the failure, or one of its causes, says the node cannot be reached: SQLState class
	 * {@code 08}, a PostgreSQL shutdown state, or a {@link SQLNonTransientConnectionException}.
	 * @param failure the failure
	 * @return {@code true} for a connection-class failure
	 */
	public static boolean isConnectionFailure(Throwable failure) {
		for (Throwable current = failure; current != null; current = current.getCause()) {
			if (current instanceof SQLException sqlException && isConnectionState(sqlException.getSQLState())) {
				return true;
			}
			if (current instanceof SQLNonTransientConnectionException) {
				return true;
			}
			if (current.getCause() == current) {
				break;
			}
		}
		return false;
	}

	/**
	 * Whether a SQLState is connection-class.
	 * @param sqlState the state, may be {@code null}
	 * @return {@code true} for class {@code 08} and the PostgreSQL shutdown states
	 */
	public static boolean isConnectionState(String sqlState) {
		return sqlState != null && (sqlState.startsWith("08") || SERVER_UNAVAILABLE_STATES.contains(sqlState));
	}

}
