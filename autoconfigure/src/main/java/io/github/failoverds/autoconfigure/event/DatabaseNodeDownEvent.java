package io.github.failoverds.autoconfigure.event;

import io.github.failoverds.routing.DatabaseNode;

/**
 * A node went DOWN: its probe failed {@code health.failure-threshold} times in a row, or a borrow from
 * it failed with a connection error.
 */
public class DatabaseNodeDownEvent extends DatabaseNodeEvent {

	private static final long serialVersionUID = 1L;

	/** Why the node is DOWN, free of secrets. */
	private final String reason;

	/**
	 * Create an event.
	 * @param node the node
	 * @param reason why it is DOWN, free of secrets
	 */
	public DatabaseNodeDownEvent(DatabaseNode node, String reason) {
		super(node);
		this.reason = reason;
	}

	/**
	 * Why the node is DOWN.
	 * @return the last error, free of secrets
	 */
	public String getReason() {
		return this.reason;
	}

	@Override
	public String toString() {
		return "Database node '" + getNodeName() + "' is DOWN: " + this.reason;
	}

}
