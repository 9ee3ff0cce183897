package io.github.failoverds.sample.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.failoverds.testsupport.EmbeddedPostgresNode;

/**
 * The database nodes of the demo, {@code primary} and {@code standby-1}: two independent, writable
 * embedded PostgreSQL servers (no replication between them), each behind its own fault proxy.
 */
final class DemoCluster implements AutoCloseable {

	static final List<String> NODE_NAMES = List.of("primary", "standby-1");

	private static final String NODES = "failover.datasource.nodes";

	private final List<DemoNode> nodes;

	private DemoCluster(List<DemoNode> nodes) {
		this.nodes = List.copyOf(nodes);
	}

	/**
	 * Start the servers (in parallel) and their proxies.
	 * @return the running cluster; close it to stop everything and delete the data
	 */
	static DemoCluster start() {
		List<EmbeddedPostgresNode> servers = EmbeddedPostgresNode.startAll(NODE_NAMES.toArray(String[]::new));
		List<DemoNode> nodes = new ArrayList<>();
		try {
			servers.forEach((server) -> nodes.add(new DemoNode(server)));
			return new DemoCluster(nodes);
		}
		catch (RuntimeException ex) {
			nodes.forEach(DemoNode::close);
			servers.forEach(EmbeddedPostgresNode::close);
			throw ex;
		}
	}

	List<DemoNode> nodes() {
		return this.nodes;
	}

	Optional<DemoNode> node(String name) {
		return this.nodes.stream().filter((node) -> node.name().equals(name)).findFirst();
	}

	/**
	 * The configuration of the failover DataSource for these nodes, in priority order.
	 * @return {@code failover.datasource.nodes[i].*} properties
	 */
	Map<String, Object> nodeProperties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		for (int i = 0; i < this.nodes.size(); i++) {
			DemoNode node = this.nodes.get(i);
			String prefix = NODES + "[" + i + "].";
			properties.put(prefix + "name", node.name());
			properties.put(prefix + "url", node.jdbcUrl());
			properties.put(prefix + "username", node.server().username());
			properties.put(prefix + "password", node.server().password());
		}
		return properties;
	}

	/** Stops every proxy and server, and deletes the data. */
	@Override
	public void close() {
		this.nodes.forEach(DemoNode::close);
	}

	@Override
	public String toString() {
		return this.nodes.toString();
	}

}
