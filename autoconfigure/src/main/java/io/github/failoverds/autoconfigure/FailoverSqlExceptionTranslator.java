package io.github.failoverds.autoconfigure;

import java.sql.SQLException;

import io.github.failoverds.routing.ConnectionFailures;
import io.github.failoverds.routing.ReadOnlyErrors;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.support.SQLExceptionSubclassTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * Translates connection-class failures (SQLState {@code 08}, a server shutting down) into
 * {@link TransientDataAccessResourceException}, so that work that failed because its node died can be
 * retried, for example with Spring Framework's {@code @Retryable}. HikariCP's own "Connection is
 * closed" error, which it raises (without a SQLState) on a connection it retired after such a failure,
 * counts too: it is what a transaction manager sees when it rolls back a transaction whose node died.
 * So does a write refused because the node is read-only ({@link ReadOnlyErrors}: the node was demoted
 * under the connection; the connection is retired and a retry goes to the writable node). Every other
 * exception is translated as Spring's default translator does.
 */
public class FailoverSqlExceptionTranslator implements SQLExceptionTranslator {

	private static final String HIKARI_CLOSED_CONNECTION = "Connection is closed";

	private final SQLExceptionTranslator fallback = new SQLExceptionSubclassTranslator();

	@Override
	public DataAccessException translate(String task, String sql, SQLException ex) {
		if (ConnectionFailures.isConnectionFailure(ex) || isRetiredHikariConnection(ex)
				|| ReadOnlyErrors.isReadOnlyError(ex)) {
			String message = task + "; " + ((sql != null) ? "SQL [" + sql + "]; " : "") + ex.getMessage();
			return new TransientDataAccessResourceException(message, ex);
		}
		return this.fallback.translate(task, sql, ex);
	}

	private static boolean isRetiredHikariConnection(SQLException ex) {
		return ex.getSQLState() == null && HIKARI_CLOSED_CONNECTION.equals(ex.getMessage());
	}

}
