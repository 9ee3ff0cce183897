package io.github.failoverds.sample.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.failoverds.testsupport.EmbeddedPostgresNode;
import io.github.failoverds.testsupport.PostgresReplicationCluster;

/**
 * The database nodes of the demo: {@code primary}, an embedded PostgreSQL server, and {@code standby-1}, its hot
 * standby in synchronous streaming replication (a commit is acknowledged once the standby has it, so a promoted
 * standby has every acknowledged order), each behind its own fault proxy.
 */
final class DemoCluster implements AutoCloseable {

	private static final String PRIMARY = "primary";

	private static final String STANDBY = "standby-1";

	static final List<String> NODE_NAMES = List.of(PRIMARY, STANDBY);

	private static final String NODES = "failover.datasource.nodes";

	private final PostgresReplicationCluster replication;

	private final List<DemoNode> nodes;

	private DemoCluster(PostgresReplicationCluster replication, List<DemoNode> nodes) {
		this.replication = replication;
		this.nodes = List.copyOf(nodes);
	}

	/**
	 * Start the primary, its standby and their proxies, and wait until the standby replicates synchronously.
	 * @return the running cluster; close it to stop everything and delete the data
	 */
	static DemoCluster start() {
		PostgresReplicationCluster replication = PostgresReplicationCluster.start(PRIMARY, STANDBY);
		List<DemoNode> nodes = new ArrayList<>();
		try {
			replication.replicateSynchronously(replication.standby());
			nodes.add(new DemoNode(replication.primary()));
			nodes.add(new DemoNode(replication.standby()));
			return new DemoCluster(replication, nodes);
		}
		catch (RuntimeException ex) {
			nodes.forEach(DemoNode::close);
			replication.close();
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
	 * Promote a replica to primary with {@code pg_promote()}, returning once it accepts writes.
	 * @param node the node to promote
	 * @throws IllegalStateException if the node is not a replica that answers
	 */
	synchronized void promote(DemoNode node) {
		ServerRole role = node.role();
		if (role != ServerRole.REPLICA) {
			throw new IllegalStateException(
					"Node '" + node.name() + "' cannot be promoted: it is " + role + ", not a REPLICA");
		}
		this.replication.promote(node.server());
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
		try {
			this.nodes.forEach(DemoNode::close);
		}
		finally {
			this.replication.close();
		}
	}

	@Override
	public String toString() {
		return this.nodes.toString();
	}

}
