package io.github.failoverds.health;

import java.time.Duration;

/**
 * How far a replica is behind its primary, as its last probe measured it.
 *
 * @param time how old the newest data the replica serves may be (zero when it has replayed
 * everything the primary had written when the primary was last probed)
 * @param bytes how much WAL the replica has still to replay, or {@value #NOT_MEASURED} where the
 * database does not tell (MySQL and MariaDB)
 * @param replayPosition the WAL position the replica has replayed up to (PostgreSQL), or
 * {@value #NOT_MEASURED}; read-your-writes compares it with the position of a write
 */
public record ReplicationLag(Duration time, long bytes, long replayPosition) {

	/** The value of a figure the database does not report. */
	public static final long NOT_MEASURED = -1;

	/**
	 * The lag in seconds, to the millisecond.
	 * @return the seconds
	 */
	public double seconds() {
		return this.time.toMillis() / 1_000.0;
	}

}
