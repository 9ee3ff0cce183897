package io.github.failoverds.routing;

import java.util.List;

import io.github.failoverds.health.NodeRole;
import io.github.failoverds.health.ProbeResult;

/**
 * Callbacks on node and routing changes. Called synchronously on the probe thread (or on the request
 * thread whose borrow found a node dead), once per change: keep them short.
 */
public interface FailoverListener {

	/**
	 * A probe of a node finished.
	 * @param node the node
	 * @param result the result
	 */
	default void onProbe(DatabaseNode node, ProbeResult result) {
	}

	/**
	 * A node went DOWN.
	 * @param node the node
	 * @param reason why, free of secrets
	 */
	default void onNodeDown(DatabaseNode node, String reason) {
	}

	/**
	 * A node came UP.
	 * @param node the node
	 */
	default void onNodeUp(DatabaseNode node) {
	}

	/**
	 * A node reported a different role.
	 * @param node the node (its health holds the new role)
	 * @param previous the role before
	 */
	default void onRoleChange(DatabaseNode node, NodeRole previous) {
	}

	/**
	 * Nodes other than the active one accept writes too, and at least one of them (or the active node)
	 * was promoted from a replica: a split brain. Writes stay on the active node.
	 * @param active the active node
	 * @param others the other writable nodes, never used for writes while this lasts
	 */
	default void onSplitBrain(DatabaseNode active, List<DatabaseNode> others) {
	}

	/**
	 * The active node changed.
	 * @param event the change
	 */
	default void onActiveNodeChange(FailoverEvent event) {
	}

}
