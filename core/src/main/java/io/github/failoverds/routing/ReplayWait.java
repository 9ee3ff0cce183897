package io.github.failoverds.routing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import io.github.failoverds.health.ReplicationLag;

/**
 * Waits, on the request thread and at most {@code max-wait}, until a replica has replayed a WAL position.
 * The replica's last probe answers at no cost when it has passed the position already; otherwise one
 * query on the borrowed connection asks the replica, and is repeated with a back-off of 1, 2, 4, 8, then
 * 16 ms until the position is replayed or the wait is over.
 */
final class ReplayWait {

	static final String REPLAYED = "SELECT (pg_last_wal_replay_lsn() - '0/0'::pg_lsn) >= ?";

	private static final long FIRST_PAUSE_NANOS = 1_000_000;

	private static final long LONGEST_PAUSE_NANOS = 16_000_000;

	private final ReplicaSelector replicas;

	private final long maxWaitNanos;

	ReplayWait(ReplicaSelector replicas, Duration maxWait) {
		this.replicas = replicas;
		this.maxWaitNanos = maxWait.toNanos();
	}

	/**
	 * Wait until the replica has replayed the position.
	 * @param node the replica
	 * @param connection a connection to it, in its default state; left so (a transaction the check opened
	 * is rolled back)
	 * @param position the WAL position
	 * @return {@code true} once replayed, {@code false} when {@code max-wait} is over first
	 * @throws SQLException when the replica cannot be asked
	 */
	boolean awaitReplayed(DatabaseNode node, Connection connection, long position) throws SQLException {
		ReplicationLag lag = this.replicas.lag(node);
		if (lag != null && lag.replayPosition() >= position) {
			return true;
		}
		long deadline = System.nanoTime() + this.maxWaitNanos;
		long pause = FIRST_PAUSE_NANOS;
		try (PreparedStatement statement = connection.prepareStatement(REPLAYED)) {
			statement.setLong(1, position);
			while (!replayed(statement)) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0 || Thread.currentThread().isInterrupted()) {
					return false;
				}
				LockSupport.parkNanos(Math.min(pause, remaining));
				pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
			}
			return true;
		}
		finally {
			if (!connection.getAutoCommit()) {
				connection.rollback();
			}
		}
	}

	private static boolean replayed(PreparedStatement statement) throws SQLException {
		try (ResultSet resultSet = statement.executeQuery()) {
			return resultSet.next() && resultSet.getBoolean(1);
		}
	}

}
