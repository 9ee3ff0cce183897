package io.github.failoverds.autoconfigure.event;

import io.github.failoverds.routing.DatabaseNode;

/**
 * A node that was DOWN is UP again: its probe succeeded {@code health.recovery-threshold} times in a
 * row.
 */
public class DatabaseNodeUpEvent extends DatabaseNodeEvent {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an event.
	 * @param node the node
	 */
	public DatabaseNodeUpEvent(DatabaseNode node) {
		super(node);
	}

	@Override
	public String toString() {
		return "Database node '" + getNodeName() + "' is UP";
	}

}
