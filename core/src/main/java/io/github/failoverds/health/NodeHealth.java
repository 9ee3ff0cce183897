package io.github.failoverds.health;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Circuit state of one node: its status and role, the counters behind them, and its probe history.
 * <p>
 * A node goes DOWN after {@code failureThreshold} failed probes in a row, at once when a borrow fails
 * with a connection error, or after one failed probe once it is {@linkplain #suspect() suspect}; it comes
 * back UP after {@code recoveryThreshold} healthy probes in a
 * row. The first probe of a node in {@link NodeStatus#UNKNOWN} decides its status at once. Status and
 * role are volatile so the borrow path reads them without locking; changes are serialised.
 * <p>
 * The role is the one the node last reported in a healthy probe, kept while the node is DOWN (with the
 * time it was seen, {@link #roleSeenAt()}), so that a role that changed during an outage is still seen
 * as a change when the node answers again. Two instants serve the split-brain rule: when the node was
 * seen promoted ({@link #promotedAt()}), and when it last answered as a primary
 * ({@link #lastPrimaryAnswer()}).
 */
public final class NodeHealth {

	private final int failureThreshold;

	private final int recoveryThreshold;

	private final ProbeHistory history;

	private volatile NodeStatus status = NodeStatus.UNKNOWN;

	private volatile NodeRole role = NodeRole.UNKNOWN;

	private volatile Instant upSince;

	private volatile Instant lastCheck;

	private volatile Duration lastLatency = Duration.ZERO;

	private volatile String lastError;

	private volatile int consecutiveFailures;

	private volatile Instant roleSeenAt;

	private volatile Instant promotedAt;

	private volatile Instant lastPrimaryAnswer;

	private int consecutiveSuccesses;

	/** Non-null while the node is suspect: opened by the next probe's verdict. */
	private volatile CountDownLatch verdict;

	/**
	 * Create the state of one node.
	 * @param failureThreshold failed probes in a row before the node is DOWN
	 * @param recoveryThreshold healthy probes in a row before a DOWN node is UP again
	 * @param historySize how many probe results to keep
	 */
	public NodeHealth(int failureThreshold, int recoveryThreshold, int historySize) {
		this.failureThreshold = failureThreshold;
		this.recoveryThreshold = recoveryThreshold;
		this.history = new ProbeHistory(historySize);
	}

	/**
	 * Record a probe result and apply the thresholds.
	 * @param result the probe result
	 * @return what changed, or {@code null} if neither status nor role changed
	 */
	public synchronized Change record(ProbeResult result) {
		NodeStatus previousStatus = this.status;
		NodeRole previousRole = this.role;
		this.history.add(result);
		this.lastCheck = result.time();
		this.lastLatency = result.latency();
		if (result.healthy()) {
			this.consecutiveFailures = 0;
			this.consecutiveSuccesses++;
			recordRole(result);
			if (previousStatus == NodeStatus.UNKNOWN
					|| (previousStatus == NodeStatus.DOWN && this.consecutiveSuccesses >= this.recoveryThreshold)) {
				this.upSince = result.time();
				this.status = NodeStatus.UP;
			}
		}
		else {
			this.consecutiveSuccesses = 0;
			this.consecutiveFailures++;
			this.lastError = result.error();
			if (previousStatus == NodeStatus.UNKNOWN || (previousStatus == NodeStatus.UP
					&& (isSuspect() || this.consecutiveFailures >= this.failureThreshold))) {
				this.status = NodeStatus.DOWN;
			}
		}
		endSuspicion();
		return changeFrom(previousStatus, previousRole);
	}

	private void recordRole(ProbeResult result) {
		NodeRole seen = result.role();
		if (seen == NodeRole.PRIMARY) {
			if (this.role == NodeRole.REPLICA) {
				this.promotedAt = result.time();
			}
			this.lastPrimaryAnswer = result.time();
		}
		else if (seen == NodeRole.REPLICA) {
			this.promotedAt = null;
		}
		this.role = seen;
		this.roleSeenAt = result.time();
	}

	/**
	 * Note first-hand news that the node may be gone (a connection in use broke under a statement): the
	 * next probe decides, and if it fails too the node is DOWN at once, without waiting for
	 * {@code failureThreshold} failures in a row. A healthy probe clears the suspicion, so a node that is
	 * merely busy or lost one connection stays UP.
	 */
	public synchronized void suspect() {
		if (this.verdict == null) {
			this.verdict = new CountDownLatch(1);
		}
	}

	/**
	 * Whether the node is suspect: a borrow should wait for the next probe's verdict rather than take a
	 * pooled connection that is likely dead.
	 * @return {@code true} until the next probe result (or a borrow failure) is recorded
	 */
	public boolean isSuspect() {
		return this.verdict != null;
	}

	/**
	 * Wait for the verdict on a suspect node: the next probe result.
	 * @param deadlineNanos the {@link System#nanoTime()} to give up at
	 * @throws InterruptedException when the waiting thread is interrupted
	 */
	public void awaitVerdict(long deadlineNanos) throws InterruptedException {
		CountDownLatch pending = this.verdict;
		if (pending != null) {
			pending.await(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
		}
	}

	private void endSuspicion() {
		CountDownLatch pending = this.verdict;
		if (pending != null) {
			this.verdict = null;
			pending.countDown();
		}
	}

	/**
	 * Mark the node DOWN at once, after a borrow failed with a connection error.
	 * @param error why, free of secrets
	 * @return what changed, or {@code null} if the node was already DOWN
	 */
	public synchronized Change markDown(String error) {
		NodeStatus previousStatus = this.status;
		this.lastError = error;
		this.consecutiveSuccesses = 0;
		this.status = NodeStatus.DOWN;
		endSuspicion();
		return changeFrom(previousStatus, this.role);
	}

	private Change changeFrom(NodeStatus previousStatus, NodeRole previousRole) {
		if (previousStatus == this.status && previousRole == this.role) {
			return null;
		}
		return new Change(previousStatus, this.status, previousRole, this.role);
	}

	/**
	 * Whether the node is UP.
	 * @return {@code true} if UP
	 */
	public boolean isUp() {
		return this.status == NodeStatus.UP;
	}

	/**
	 * How long the node has been UP without interruption.
	 * @param now the current time
	 * @return the time since it was last marked UP, {@link Duration#ZERO} when not UP
	 */
	public Duration upFor(Instant now) {
		Instant since = this.upSince;
		return (isUp() && since != null) ? Duration.between(since, now) : Duration.ZERO;
	}

	/**
	 * The node's status.
	 * @return UP, DOWN, or UNKNOWN before the first probe
	 */
	public NodeStatus status() {
		return this.status;
	}

	/**
	 * The role the node reported in its last healthy probe, kept while it is DOWN (see
	 * {@link #roleSeenAt()}).
	 * @return the last known role
	 */
	public NodeRole role() {
		return this.role;
	}

	/**
	 * When the node was seen writable after it had been read-only: it was promoted from a replica.
	 * @return the time of the first probe that saw it writable, or {@code null} if it was not promoted
	 * (or was seen read-only again since)
	 */
	public Instant promotedAt() {
		return this.promotedAt;
	}

	/**
	 * When the node last answered a healthy probe as a primary (writable, per the role check).
	 * @return the time, or {@code null} if never
	 */
	public Instant lastPrimaryAnswer() {
		return this.lastPrimaryAnswer;
	}

	/**
	 * When the node last reported its {@link #role()} in a healthy probe: while the node is DOWN, the
	 * role is only what it was then.
	 * @return the time, or {@code null} before the first healthy probe
	 */
	public Instant roleSeenAt() {
		return this.roleSeenAt;
	}

	/**
	 * When the node was last marked UP.
	 * @return the time, or {@code null} if never
	 */
	public Instant upSince() {
		return this.upSince;
	}

	/**
	 * When the last probe finished.
	 * @return the time, or {@code null} before the first probe
	 */
	public Instant lastCheck() {
		return this.lastCheck;
	}

	/**
	 * How long the last probe took.
	 * @return the duration
	 */
	public Duration lastLatency() {
		return this.lastLatency;
	}

	/**
	 * The last failure seen, by a probe or a borrow.
	 * @return the error, free of secrets, or {@code null} if none yet
	 */
	public String lastError() {
		return this.lastError;
	}

	/**
	 * Failed probes in a row.
	 * @return the count, 0 after a healthy probe
	 */
	public int consecutiveFailures() {
		return this.consecutiveFailures;
	}

	/**
	 * The last probe results and totals.
	 * @return the history
	 */
	public ProbeHistory history() {
		return this.history;
	}

	/**
	 * A change of status and/or role.
	 *
	 * @param previousStatus status before
	 * @param status status after
	 * @param previousRole role before
	 * @param role role after
	 */
	public record Change(NodeStatus previousStatus, NodeStatus status, NodeRole previousRole, NodeRole role) {

		/**
		 * Whether the status changed.
		 * @return {@code true} if it did
		 */
		public boolean statusChanged() {
			return this.previousStatus != this.status;
		}

		/**
		 * Whether the role changed from one known role to another; the first role a node reports is
		 * not a change.
		 * @return {@code true} if it did
		 */
		public boolean roleChanged() {
			return this.previousRole != this.role && this.previousRole != NodeRole.UNKNOWN
					&& this.role != NodeRole.UNKNOWN;
		}

	}

}
