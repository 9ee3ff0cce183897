package io.github.failoverds.routing;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Set;

/**
 * Tells connection-class failures (the node is unreachable or shutting down) from every other error.
 * <p>
 * A server that refuses a new connection because it already has as many as it takes is busy, not dead:
 * that is never a connection failure, whatever wraps it. MySQL and MariaDB report it as error 1040
 * ({@code ER_CON_COUNT_ERROR}) with SQLState {@code 08004}, which their drivers raise as a
 * {@link SQLNonTransientConnectionException}, and HikariCP's pool timeout copies that state and has the
 * refusal as its cause. (MariaDB refuses a privileged user, beyond its one extra connection, before the
 * handshake, with {@code HY000}: a plain {@link SQLException}.) PostgreSQL's equivalent, {@code 53300}
 * ({@code too_many_connections}), is class 53 and pgjdbc raises it as a plain {@link SQLException}, which
 * HikariCP's timeout copies: not a connection failure in the first place.
 */
public final class ConnectionFailures {

	/** PostgreSQL states that mean the server is going away or not accepting connections yet. */
	private static final Set<String> SERVER_UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03");

	/** MySQL's and MariaDB's {@code ER_CON_COUNT_ERROR}: "Too many connections". */
	private static final int MYSQL_TOO_MANY_CONNECTIONS = 1040;

	/** The state of {@link #MYSQL_TOO_MANY_CONNECTIONS}: "server rejected the connection". */
	private static final String MYSQL_CONNECTION_REJECTED = "08004";

	private ConnectionFailures() {
	}

	/**
	 * Whether the failure, or one of its causes, says the node cannot be reached: SQLState class
	 * {@code 08}, a PostgreSQL shutdown state, or a {@link SQLNonTransientConnectionException}; unless one
	 * of them says the server has too many connections.
	 * @param failure the failure
	 * @return {@code true} for a connection-class failure
	 */
	public static boolean isConnectionFailure(Throwable failure) {
		boolean connectionFailure = false;
		for (Throwable current = failure; current != null; current = current.getCause()) {
			if (current instanceof SQLException sqlException) {
				if (isTooManyConnections(sqlException)) {
					return false;
				}
				connectionFailure |= sqlException instanceof SQLNonTransientConnectionException
						|| isConnectionState(sqlException.getSQLState());
			}
			if (current.getCause() == current) {
				break;
			}
		}
		return connectionFailure;
	}

	/**
	 * Whether a SQLState is connection-class.
	 * @param sqlState the state, may be {@code null}
	 * @return {@code true} for class {@code 08} and the PostgreSQL shutdown states
	 */
	public static boolean isConnectionState(String sqlState) {
		return sqlState != null && (sqlState.startsWith("08") || SERVER_UNAVAILABLE_STATES.contains(sqlState));
	}

	private static boolean isTooManyConnections(SQLException failure) {
		return failure.getErrorCode() == MYSQL_TOO_MANY_CONNECTIONS
				&& MYSQL_CONNECTION_REJECTED.equals(failure.getSQLState());
	}

}
