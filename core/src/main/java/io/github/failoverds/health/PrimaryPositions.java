package io.github.failoverds.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * The WAL positions the primary's probe has seen, shared by the probes of one data source: a replica's
 * probe measures its lag against them.
 * <p>
 * A replica that has replayed up to the primary's newest known position has a lag of zero, also when the
 * primary has been idle for long (the time of the last replayed transaction would then age although
 * nothing is missing). Otherwise the lag is the time since the primary was at the replica's replay
 * position: found between two of the primary's samples, the last one at or below that position and the
 * first one past it, by linear interpolation of the primary's WAL rate between them. The estimate is
 * therefore as fine as the probe interval. A position older than every sample kept gives the time since
 * the oldest sample, a lower bound.
 * <p>
 * A sample is kept per new position (an idle primary adds none), at most {@value #CAPACITY}; a position
 * lower than the newest (a promoted replica that had not received everything) starts a new history.
 */
public final class PrimaryPositions {

	private static final int CAPACITY = 1024;

	private final Deque<Sample> samples = new ArrayDeque<>();

	/**
	 * Record the primary's current WAL position.
	 * @param position the position, in bytes
	 * @param time when it was read
	 */
	public synchronized void record(long position, Instant time) {
		Sample newest = this.samples.peekLast();
		if (newest != null && newest.position == position) {
			newest.lastSeen = time;
			return;
		}
		if (newest != null && position < newest.position) {
			this.samples.clear();
		}
		if (this.samples.size() == CAPACITY) {
			this.samples.removeFirst();
		}
		this.samples.addLast(new Sample(position, time));
	}

	/**
	 * The lag of a replica that has replayed up to a position.
	 * @param replayPosition the replica's replay position, in bytes
	 * @param now the time of the replica's probe
	 * @return the lag, or {@code null} while no position of the primary is known
	 */
	public synchronized ReplicationLag lagOf(long replayPosition, Instant now) {
		Sample newest = this.samples.peekLast();
		if (newest == null) {
			return null;
		}
		if (replayPosition >= newest.position) {
			return new ReplicationLag(Duration.ZERO, 0, replayPosition);
		}
		Sample after = null;
		Iterator<Sample> newestFirst = this.samples.descendingIterator();
		while (newestFirst.hasNext()) {
			Sample sample = newestFirst.next();
			if (sample.position <= replayPosition) {
				return lag(newest, replayPosition, passedAt(sample, after, replayPosition), now);
			}
			after = sample;
		}
		return lag(newest, replayPosition, after.firstSeen, now);
	}

	/** When the primary passed the position: between the last sample at or below it and the next one. */
	private static Instant passedAt(Sample before, Sample after, long position) {
		long span = Duration.between(before.lastSeen, after.firstSeen).toNanos();
		double share = (double) (position - before.position) / (after.position - before.position);
		return before.lastSeen.plusNanos((long) (span * share));
	}

	private static ReplicationLag lag(Sample newest, long replayPosition, Instant since, Instant now) {
		Duration time = Duration.between(since, now);
		return new ReplicationLag(time.isNegative() ? Duration.ZERO : time, newest.position - replayPosition,
				replayPosition);
	}

	private static final class Sample {

		private final long position;

		private final Instant firstSeen;

		private Instant lastSeen;

		Sample(long position, Instant time) {
			this.position = position;
			this.firstSeen = time;
			this.lastSeen = time;
		}

	}

}
