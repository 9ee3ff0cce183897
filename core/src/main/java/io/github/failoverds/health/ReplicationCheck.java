package io.github.failoverds.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * What a probe asks a node: its role (see {@link RoleCheck}) and, where the starter can measure it, how
 * far a replica is behind its primary. With {@code role-check: auto} the lag is measured on PostgreSQL
 * (in the role query's own round trip, see {@link PostgresReplicationCheck}) and on MySQL and MariaDB
 * (one more statement on replicas, see {@link MySqlReplicationCheck}); with {@code none}, a query of
 * one's own or another database, only the role is checked and the lag is unknown.
 */
public abstract class ReplicationCheck {

	ReplicationCheck() {
	}

	/**
	 * Resolve the {@code role-check} setting for one node.
	 * @param roleCheck {@code auto}, {@code none} or a SQL query returning {@code true} when read-only
	 * @param jdbcUrl the node's JDBC URL
	 * @param primaryPositions the primary's WAL positions, shared by every probe of the data source
	 * @return the check
	 */
	public static ReplicationCheck of(String roleCheck, String jdbcUrl, PrimaryPositions primaryPositions) {
		RoleCheck role = RoleCheck.of(roleCheck, jdbcUrl);
		if (RoleCheck.POSTGRESQL.equals(role.query())) {
			return new PostgresReplicationCheck(primaryPositions);
		}
		if (RoleCheck.MYSQL.equals(role.query())) {
			return new MySqlReplicationCheck(role);
		}
		return new RoleOnly(role);
	}

	/**
	 * Whether this check measures the lag of a replica.
	 * @return {@code false} when only the role is known
	 */
	public abstract boolean measuresLag();

	/**
	 * Check the node on the probe's connection.
	 * @param connection the probe's connection
	 * @param timeoutSeconds the query timeout
	 * @param now the time of the probe
	 * @return the node's role and, for a replica whose lag is known, its lag
	 * @throws SQLException when the node does not answer correctly
	 */
	abstract Reading check(Connection connection, int timeoutSeconds, Instant now) throws SQLException;

	/**
	 * What one check found.
	 *
	 * @param role the node's role
	 * @param lag the lag of a replica, {@code null} when not measured or unknown
	 */
	record Reading(NodeRole role, ReplicationLag lag) {
	}

	/** The role only: {@code none}, a query of one's own, or a database without a known lag query. */
	private static final class RoleOnly extends ReplicationCheck {

		private final RoleCheck roleCheck;

		RoleOnly(RoleCheck roleCheck) {
			this.roleCheck = roleCheck;
		}

		@Override
		public boolean measuresLag() {
			return false;
		}

		@Override
		Reading check(Connection connection, int timeoutSeconds, Instant now) throws SQLException {
			return new Reading(this.roleCheck.check(connection, timeoutSeconds), null);
		}

	}

}
