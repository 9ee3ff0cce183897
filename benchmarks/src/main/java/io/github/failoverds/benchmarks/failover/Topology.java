package io.github.failoverds.benchmarks.failover;

import java.util.List;
import java.util.stream.Collectors;

/**
 * How the clients of a trial reach the servers.
 *
 * @param nodes the nodes in priority order; the first is the primary when the trial starts
 * @param database the database the load writes to
 * @param username the user the clients log in as
 * @param password that user's password
 */
public record Topology(List<Node> nodes, String database, String username, String password) {

	public Topology {
		nodes = List.copyOf(nodes);
	}

	/**
	 * The node that is primary when the trial starts, the one the faults hit.
	 * @return its name
	 */
	public String primary() {
		return this.nodes.get(0).name();
	}

	/**
	 * A pgjdbc URL for one node.
	 * @param node the node
	 * @return {@code jdbc:postgresql://host:port/database}
	 */
	public String url(Node node) {
		return "jdbc:postgresql://" + node.address() + "/" + this.database;
	}

	/**
	 * A pgjdbc multi-host URL listing every node in priority order.
	 * @return {@code jdbc:postgresql://host1:port1,host2:port2/database}
	 */
	public String multiHostUrl() {
		return "jdbc:postgresql://" + this.nodes.stream().map(Node::address).collect(Collectors.joining(",")) + "/"
				+ this.database;
	}

	/**
	 * One server as the clients reach it.
	 *
	 * @param name the node name the starter gives its pool
	 * @param host the host
	 * @param port the port clients connect to (a proxy's, when the node is behind one)
	 */
	public record Node(String name, String host, int port) {

		String address() {
			return this.host + ":" + this.port;
		}

	}

}
