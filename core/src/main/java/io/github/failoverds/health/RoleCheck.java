package io.github.failoverds.health;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.failoverds.health.NodeRole;

/**
 * How a probe tells a node's role: a query that returns {@code true} when the node is read-only, or
 * no query at all (then only liveness is checked and the role is {@link NodeRole#UNKNOWN}).
 */
public final class RoleCheck {

	private static final Logger logger = LoggerFactory.getLogger(RoleCheck.class);

	/** The setting that picks a query from the JDBC URL. */
	public static final String AUTO = "auto";

	/** The setting that turns the role check off. */
	public static final String NONE = "none";

	/**
	 * A hot standby, or a primary fenced read-only ({@code default_transaction_read_only}, as some HA
	 * managers and operators do): what pgjdbc's {@code targetServerType=primary} checks too.
	 */
	static final String POSTGRESQL = "SELECT pg_is_in_recovery() OR current_setting('transaction_read_only')::boolean";

	/** {@code innodb_read_only} too: the only flag set on some managed replicas (Amazon Aurora's readers). */
	static final String MYSQL = "SELECT @@global.read_only OR @@global.innodb_read_only";

	private static final RoleCheck LIVENESS_ONLY = new RoleCheck(null);

	private final String readOnlyQuery;

	private RoleCheck(String readOnlyQuery) {
		this.readOnlyQuery = readOnlyQuery;
	}

	/**
	 * Resolve the {@code role-check} setting for one node. When {@code auto} knows no query for the node's
	 * driver, this says so once, at INFO, here rather than on every probe.
	 * @param setting {@code auto}, {@code none} or a SQL query returning {@code true} when read-only
	 * @param jdbcUrl the node's JDBC URL, used by {@code auto}
	 * @return the role check
	 */
	public static RoleCheck of(String setting, String jdbcUrl) {
		if (setting == null || NONE.equalsIgnoreCase(setting.trim())) {
			return LIVENESS_ONLY;
		}
		if (AUTO.equalsIgnoreCase(setting.trim())) {
			String url = (jdbcUrl != null) ? jdbcUrl.toLowerCase(Locale.ROOT) : "";
			if (url.startsWith("jdbc:postgresql:")) {
				return new RoleCheck(POSTGRESQL);
			}
			if (url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:")) {
				return new RoleCheck(MYSQL);
			}
			logger.info("Role check 'auto' knows no read-only query for {} URLs: the node's role is not checked and "
					+ "it is trusted to be writable; set failover.datasource.role-check to a query that returns true "
					+ "on a read-only node to check it", subprotocol(url));
			return LIVENESS_ONLY;
		}
		return new RoleCheck(setting.trim());
	}

	/** The URL up to its second colon ({@code jdbc:h2}): names the driver and holds no secret. */
	private static String subprotocol(String url) {
		int end = url.indexOf(':', url.indexOf(':') + 1);
		return (end > 0) ? url.substring(0, end) : "non-JDBC";
	}

	/**
	 * Whether this check asks the node for its role.
	 * @return {@code false} for a liveness-only check
	 */
	public boolean checksRole() {
		return this.readOnlyQuery != null;
	}

	/**
	 * The query run on every probe.
	 * @return the query, or {@code null} when only liveness is checked
	 */
	public String query() {
		return this.readOnlyQuery;
	}

	/**
	 * Check the node on an open connection.
	 * @param connection the probe's connection
	 * @param timeoutSeconds the query timeout
	 * @return the node's role
	 * @throws SQLException when the node does not answer correctly
	 */
	NodeRole check(Connection connection, int timeoutSeconds) throws SQLException {
		if (this.readOnlyQuery == null) {
			if (!connection.isValid(timeoutSeconds)) {
				throw new SQLNonTransientConnectionException("Connection is no longer valid", "08003");
			}
			return NodeRole.UNKNOWN;
		}
		try (Statement statement = connection.createStatement()) {
			statement.setQueryTimeout(timeoutSeconds);
			try (ResultSet resultSet = statement.executeQuery(this.readOnlyQuery)) {
				if (!resultSet.next()) {
					throw new SQLException("Role check returned no row: " + this.readOnlyQuery);
				}
				return resultSet.getBoolean(1) ? NodeRole.REPLICA : NodeRole.PRIMARY;
			}
		}
	}

}
