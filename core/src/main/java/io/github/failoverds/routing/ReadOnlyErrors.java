package io.github.failoverds.routing;

import java.sql.SQLException;

/**
 * Tells a statement refused because the node is read-only: PostgreSQL SQLState {@code 25006}
 * (read_only_sql_transaction, what a hot standby answers to a write), MySQL/MariaDB error {@code 1290}
 * (the server runs with {@code --read-only}) and {@code 1836} (read-only mode).
 * <p>
 * The same errors also come from a write inside a transaction the application itself made read-only;
 * they are therefore a reason to check the node's role at once, never proof that it changed.
 */
public final class ReadOnlyErrors {

	private static final String POSTGRESQL_READ_ONLY_TRANSACTION = "25006";

	private static final int MYSQL_OPTION_PREVENTS_STATEMENT = 1290;

	private static final int MYSQL_READ_ONLY_MODE = 1836;

	private ReadOnlyErrors() {
	}

	/**
	 * Whether the failure, or one of its causes, says the statement was refused as read-only.
	 * @param failure the failure
	 * @return {@code true} for a read-only refusal
	 */
	public static boolean isReadOnlyError(Throwable failure) {
		for (Throwable current = failure; current != null; current = current.getCause()) {
			if (current instanceof SQLException sqlException && isReadOnly(sqlException)) {
				return true;
			}
			if (current.getCause() == current) {
				break;
			}
		}
		return false;
	}

	private static boolean isReadOnly(SQLException failure) {
		return POSTGRESQL_READ_ONLY_TRANSACTION.equals(failure.getSQLState())
				|| failure.getErrorCode() == MYSQL_OPTION_PREVENTS_STATEMENT
				|| failure.getErrorCode() == MYSQL_READ_ONLY_MODE;
	}

}
