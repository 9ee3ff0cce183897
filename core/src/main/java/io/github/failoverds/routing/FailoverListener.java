package io.github.failoverds.routing;

import java.util.List;

import io.github.failoverds.health.NodeRole;
import io.github.failoverds.health.ProbeResult;

/**
 * Callbacks on node and routing changes, once per change, in the order the changes were decided. They
 * are called on a notification thread of their own, never on a request or probe thread and never under
 * a lock those threads take: a slow listener delays only the listeners after it. A listener that throws
 * is logged and does not disturb routing.
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
	 * A node reported a different role than it did last time it answered (also when it was DOWN in
	 * between, as an old primary that comes back as a replica).
	 * @param node the node
	 * @param previous the role before
	 * @param current the role now
	 */
	default void onRoleChange(DatabaseNode node, NodeRole previous, NodeRole current) {
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
	default void onActiveNodeChange(ActiveNodeChange event) {
	}

}
