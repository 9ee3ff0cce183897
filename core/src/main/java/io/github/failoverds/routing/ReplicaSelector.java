package io.github.failoverds.routing;

import java.time.Duration;
import java.util.List;

import io.github.failoverds.health.NodeRole;
import io.github.failoverds.health.ProbeResult;
import io.github.failoverds.health.ReplicationLag;

/**
 * Which replicas may take reads: those that are UP (and not suspect) with role {@code REPLICA} and, when a lag limit is
 * set, whose lag is known and within it. A replica whose lag goes above the limit, or becomes unknown
 * (its probe failed, or no position of the primary is known yet), takes no reads until its lag is at or
 * below {@value #READMIT_SHARE} of the limit: a replica near the limit does not flap in and out. Without a
 * limit the lag is only recorded. Updated on the probe threads; read on the borrow path without a lock.
 */
public final class ReplicaSelector {

	/** A replica held back by the lag limit takes reads again at or below this share of the limit. */
	static final double READMIT_SHARE = 0.8;

	private final Duration maxLag;

	private final Duration readmitBelow;

	private final Replica[] replicas;

	/**
	 * Create the selector.
	 * @param nodes the nodes, in priority order
	 * @param maxLag the lag limit, {@code null} for none
	 */
	public ReplicaSelector(List<DatabaseNode> nodes, Duration maxLag) {
		this.maxLag = maxLag;
		this.readmitBelow = (maxLag != null) ? Duration.ofNanos((long) (maxLag.toNanos() * READMIT_SHARE)) : null;
		this.replicas = new Replica[nodes.size()];
		for (int i = 0; i < this.replicas.length; i++) {
			this.replicas[i] = new Replica(maxLag == null);
		}
	}

	/**
	 * Whether read-only work may go to the node now.
	 * @param node a node
	 * @return {@code true} for an UP replica, not suspect, within the lag limit
	 */
	boolean isEligible(DatabaseNode node) {
		return node.health().isUp() && !node.health().isSuspect() && node.health().role() == NodeRole.REPLICA
				&& this.replicas[node.priority()].withinLimit;
	}

	/**
	 * Take the lag measured by a probe into account.
	 * @param node the probed node
	 * @param result its result
	 */
	void onProbe(DatabaseNode node, ProbeResult result) {
		Replica replica = this.replicas[node.priority()];
		ReplicationLag lag = result.lag();
		replica.lag = lag;
		if (this.maxLag == null) {
			return;
		}
		if (lag == null || lag.time().compareTo(this.maxLag) > 0) {
			replica.withinLimit = false;
		}
		else if (lag.time().compareTo(this.readmitBelow) <= 0) {
			replica.withinLimit = true;
		}
	}

	/**
	 * The lag of a replica as its last probe measured it.
	 * @param node a node
	 * @return the lag, or {@code null} when unknown or the node is no replica
	 */
	public ReplicationLag lag(DatabaseNode node) {
		return this.replicas[node.priority()].lag;
	}

	/**
	 * Whether the lag limit lets the node take reads (it must also be an UP replica).
	 * @param node a node
	 * @return {@code true} without a limit, or while the node's lag is within it
	 */
	public boolean isWithinLagLimit(DatabaseNode node) {
		return this.replicas[node.priority()].withinLimit;
	}

	/**
	 * The lag limit.
	 * @return the limit, or {@code null} for none
	 */
	public Duration maxLag() {
		return this.maxLag;
	}

	private static final class Replica {

		private volatile ReplicationLag lag;

		private volatile boolean withinLimit;

		Replica(boolean withinLimit) {
			this.withinLimit = withinLimit;
		}

	}

}
