package io.github.failoverds.health;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/**
 * Role and lag of a PostgreSQL node in one query, one round trip: the role query of {@link RoleCheck}
 * (in recovery, or fenced read-only) with one more column, the node's WAL position:
 * {@code pg_last_wal_replay_lsn()} in recovery, {@code pg_current_wal_lsn()} otherwise. A
 * writable node's position is recorded in the shared {@link PrimaryPositions}; a read-only node's lag is
 * measured against them. None of these functions needs a privilege.
 */
final class PostgresReplicationCheck extends ReplicationCheck {

	static final String QUERY = RoleCheck.POSTGRESQL + ", (CASE WHEN pg_is_in_recovery() "
			+ "THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END - '0/0'::pg_lsn)::bigint";

	private final PrimaryPositions primaryPositions;

	PostgresReplicationCheck(PrimaryPositions primaryPositions) {
		this.primaryPositions = primaryPositions;
	}

	@Override
	public boolean measuresLag() {
		return true;
	}

	@Override
	Reading check(Connection connection, int timeoutSeconds, Instant now) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.setQueryTimeout(timeoutSeconds);
			try (ResultSet resultSet = statement.executeQuery(QUERY)) {
				if (!resultSet.next()) {
					throw new SQLException("Role check returned no row: " + QUERY);
				}
				boolean readOnly = resultSet.getBoolean(1);
				long position = resultSet.getLong(2);
				if (resultSet.wasNull()) {
					return new Reading(readOnly ? NodeRole.REPLICA : NodeRole.PRIMARY, null);
				}
				if (!readOnly) {
					this.primaryPositions.record(position, now);
					return new Reading(NodeRole.PRIMARY, null);
				}
				return new Reading(NodeRole.REPLICA, this.primaryPositions.lagOf(position, now));
			}
		}
	}

}
