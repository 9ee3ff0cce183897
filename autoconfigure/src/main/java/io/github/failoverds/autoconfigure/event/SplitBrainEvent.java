package io.github.failoverds.autoconfigure.event;

import java.util.List;

import io.github.failoverds.routing.DatabaseNode;

/**
 * A split brain was found: other nodes accept writes besides the active node. Writes stay on the
 * active node (the source of the event); the others are kept off writes until one side reports
 * read-only again or an operator switches over.
 */
public class SplitBrainEvent extends FailoverDataSourceEvent {

	private static final long serialVersionUID = 1L;

	private final transient List<DatabaseNode> otherWritableNodes;

	/**
	 * Create an event.
	 * @param activeNode the node writes stay on
	 * @param otherWritableNodes the nodes that accept writes too
	 */
	public SplitBrainEvent(DatabaseNode activeNode, List<DatabaseNode> otherWritableNodes) {
		super(activeNode);
		this.otherWritableNodes = List.copyOf(otherWritableNodes);
	}

	/**
	 * The node writes stay on.
	 * @return the active node
	 */
	public DatabaseNode getActiveNode() {
		return (DatabaseNode) getSource();
	}

	/**
	 * The nodes that accept writes besides the active node, kept off writes.
	 * @return the other writable nodes
	 */
	public List<DatabaseNode> getOtherWritableNodes() {
		return this.otherWritableNodes;
	}

	@Override
	public String toString() {
		return "Split brain: " + this.otherWritableNodes.stream().map(DatabaseNode::name).toList()
				+ " accept writes besides the active node '" + getActiveNode().name() + "'";
	}

}
