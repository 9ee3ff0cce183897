package io.github.failoverds.testsupport;

import java.util.AbstractList;
import java.util.List;

/**
 * Independent PostgreSQL servers started together and closed together: a test class holds them in a static
 * field marked {@code @AutoClose}, so the servers outlive its tests and no more.
 */
public final class EmbeddedPostgresNodes extends AbstractList<EmbeddedPostgresNode> implements AutoCloseable {

	private final List<EmbeddedPostgresNode> nodes;

	private EmbeddedPostgresNodes(List<EmbeddedPostgresNode> nodes) {
		this.nodes = List.copyOf(nodes);
	}

	/**
	 * Starts one server per name, in parallel (see {@link EmbeddedPostgresNode#startAll(String...)}).
	 * @param names the server names, in the order of the list
	 * @return the running servers
	 */
	public static EmbeddedPostgresNodes start(String... names) {
		return new EmbeddedPostgresNodes(EmbeddedPostgresNode.startAll(names));
	}

	@Override
	public EmbeddedPostgresNode get(int index) {
		return this.nodes.get(index);
	}

	@Override
	public int size() {
		return this.nodes.size();
	}

	/**
	 * Stops every server and deletes its data.
	 */
	@Override
	public void close() {
		this.nodes.forEach(EmbeddedPostgresNode::close);
	}

}
