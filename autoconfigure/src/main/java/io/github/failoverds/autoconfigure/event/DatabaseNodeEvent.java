package io.github.failoverds.autoconfigure.event;

import io.github.failoverds.routing.DatabaseNode;

/**
 * A change of one node's status; the source is the {@link DatabaseNode}.
 */
public abstract class DatabaseNodeEvent extends FailoverDataSourceEvent {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an event.
	 * @param node the node
	 */
	protected DatabaseNodeEvent(DatabaseNode node) {
		super(node);
	}

	/**
	 * The node, with its health and pool.
	 * @return the node
	 */
	public DatabaseNode getNode() {
		return (DatabaseNode) getSource();
	}

	/**
	 * The node name.
	 * @return the name
	 */
	public String getNodeName() {
		return getNode().name();
	}

}
