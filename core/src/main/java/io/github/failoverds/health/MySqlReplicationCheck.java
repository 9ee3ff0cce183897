package io.github.failoverds.health;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Role and lag of a MySQL or MariaDB node: the role query of {@link RoleCheck}, then, on a replica only,
 * {@code SHOW REPLICA STATUS} ({@code SHOW SLAVE STATUS} on servers older than MySQL 8.0.22 and MariaDB
 * 10.5.1) and its {@code Seconds_Behind_Source} or {@code Seconds_Behind_Master}. The lag is unknown while
 * replication is stopped (the column is {@code NULL}), on a read-only server that replicates from no one
 * (no row), and when the user lacks the privilege (MySQL {@code REPLICATION CLIENT}, MariaDB
 * {@code REPLICA MONITOR}), which is logged once; none of these fails the probe.
 */
final class MySqlReplicationCheck extends ReplicationCheck {

	private static final Logger logger = LoggerFactory.getLogger(MySqlReplicationCheck.class);

	static final String REPLICA_STATUS = "SHOW REPLICA STATUS";

	static final String SLAVE_STATUS = "SHOW SLAVE STATUS";

	private static final String SYNTAX_OR_ACCESS_RULE = "42000";

	private static final int SYNTAX_ERROR = 1064;

	private final RoleCheck roleCheck;

	private volatile String statusQuery = REPLICA_STATUS;

	private volatile boolean privilegeMissingLogged;

	MySqlReplicationCheck(RoleCheck roleCheck) {
		this.roleCheck = roleCheck;
	}

	@Override
	public boolean measuresLag() {
		return true;
	}

	@Override
	Reading check(Connection connection, int timeoutSeconds, Instant now) throws SQLException {
		NodeRole role = this.roleCheck.check(connection, timeoutSeconds);
		return new Reading(role, (role == NodeRole.REPLICA) ? lag(connection, timeoutSeconds) : null);
	}

	private ReplicationLag lag(Connection connection, int timeoutSeconds) throws SQLException {
		try {
			return secondsBehind(connection, timeoutSeconds, this.statusQuery);
		}
		catch (SQLException ex) {
			if (!SYNTAX_OR_ACCESS_RULE.equals(ex.getSQLState())) {
				throw ex;
			}
			if (ex.getErrorCode() == SYNTAX_ERROR && REPLICA_STATUS.equals(this.statusQuery)) {
				this.statusQuery = SLAVE_STATUS;
				return lag(connection, timeoutSeconds);
			}
			if (!this.privilegeMissingLogged) {
				this.privilegeMissingLogged = true;
				logger.warn("The replication lag of a MySQL/MariaDB replica is unknown: {} failed ({}). Grant the "
						+ "application's user REPLICATION CLIENT (MySQL) or REPLICA MONITOR (MariaDB) to measure it",
						this.statusQuery, ex.getMessage());
			}
			return null;
		}
	}

	private static ReplicationLag secondsBehind(Connection connection, int timeoutSeconds, String query)
			throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.setQueryTimeout(timeoutSeconds);
			try (ResultSet resultSet = statement.executeQuery(query)) {
				if (!resultSet.next()) {
					return null;
				}
				long seconds = resultSet.getLong(secondsBehindColumn(resultSet.getMetaData()));
				return resultSet.wasNull() ? null
						: new ReplicationLag(Duration.ofSeconds(seconds), ReplicationLag.NOT_MEASURED,
								ReplicationLag.NOT_MEASURED);
			}
		}
	}

	private static int secondsBehindColumn(ResultSetMetaData metaData) throws SQLException {
		for (int i = 1; i <= metaData.getColumnCount(); i++) {
			String label = metaData.getColumnLabel(i);
			if ("Seconds_Behind_Source".equalsIgnoreCase(label) || "Seconds_Behind_Master".equalsIgnoreCase(label)) {
				return i;
			}
		}
		throw new SQLException("No Seconds_Behind_Source or Seconds_Behind_Master column in replica status");
	}

}
