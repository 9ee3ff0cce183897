package io.github.failoverds.actuate;

import io.github.failoverds.health.NodeRole;
import io.github.failoverds.health.ReplicationLag;
import io.github.failoverds.routing.DatabaseNode;
import io.github.failoverds.routing.ReplicaSelector;

/**
 * How far a replica is behind its primary, as its last probe measured it, and whether the lag limit lets
 * it take reads.
 *
 * @param lagSeconds the lag in seconds, {@code null} when unknown (the probe failed, no position of the
 * primary is known yet, or the lag cannot be measured on this database)
 * @param lagBytes the WAL still to replay (PostgreSQL), {@code null} when unknown or not reported
 * @param withinLagLimit whether {@code read-only-routing.max-lag} lets the replica take reads (always
 * {@code true} without a limit)
 */
public record ReplicationFigures(Double lagSeconds, Long lagBytes, boolean withinLagLimit) {

	/**
	 * Read the figures of a node.
	 * @param node the node
	 * @param replicas the data source's replica selector
	 * @return the figures of a replica, {@code null} for any other node
	 */
	public static ReplicationFigures of(DatabaseNode node, ReplicaSelector replicas) {
		if (node.health().role() != NodeRole.REPLICA) {
			return null;
		}
		ReplicationLag lag = replicas.lag(node);
		Long bytes = (lag != null && lag.bytes() != ReplicationLag.NOT_MEASURED) ? lag.bytes() : null;
		return new ReplicationFigures((lag != null) ? lag.seconds() : null, bytes, replicas.isWithinLagLimit(node));
	}

}
