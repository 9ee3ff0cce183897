package io.github.failoverds.autoconfigure.event;

import io.github.failoverds.routing.DatabaseNode;
import io.github.failoverds.health.NodeRole;

/**
 * A node's role changed, as its role check saw it: a replica was promoted, or a primary was demoted.
 */
public class DatabaseNodeRoleChangedEvent extends DatabaseNodeEvent {

	private static final long serialVersionUID = 1L;

	/** The role before the change. */
	private final NodeRole previousRole;

	/** The role now. */
	private final NodeRole role;

	/**
	 * Create an event.
	 * @param node the node
	 * @param previousRole the role before the change
	 * @param role the role now
	 */
	public DatabaseNodeRoleChangedEvent(DatabaseNode node, NodeRole previousRole, NodeRole role) {
		super(node);
		this.previousRole = previousRole;
		this.role = role;
	}

	/**
	 * The role before the change.
	 * @return the previous role
	 */
	public NodeRole getPreviousRole() {
		return this.previousRole;
	}

	/**
	 * The role now.
	 * @return the role
	 */
	public NodeRole getRole() {
		return this.role;
	}

	@Override
	public String toString() {
		return "Database node '" + getNodeName() + "' changed role from " + this.previousRole + " to " + this.role;
	}

}
