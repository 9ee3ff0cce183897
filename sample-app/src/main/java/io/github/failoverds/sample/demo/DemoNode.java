package io.github.failoverds.sample.demo;

import io.github.failoverds.testsupport.EmbeddedPostgresNode;
import io.github.failoverds.testsupport.FaultProxy;
import io.github.failoverds.testsupport.PostgresReplicationCluster;

/**
 * One database node of the demo: an embedded PostgreSQL server, and the fault proxy in front of it that
 * the application connects through, so that the network to it can be cut.
 */
final class DemoNode implements AutoCloseable {

	private static final String DATABASE = "postgres";

	private final EmbeddedPostgresNode server;

	private final FaultProxy proxy;

	/**
	 * Put a proxy in front of a running server.
	 * @param server the server; its cluster closes it
	 */
	DemoNode(EmbeddedPostgresNode server) {
		this.server = server;
		this.proxy = FaultProxy.start("127.0.0.1", server.port());
	}

	String name() {
		return this.server.name();
	}

	/** @return the URL the application uses: through the proxy */
	String jdbcUrl() {
		return this.proxy.jdbcUrl(DATABASE);
	}

	EmbeddedPostgresNode server() {
		return this.server;
	}

	FaultProxy proxy() {
		return this.proxy;
	}

	/**
	 * Ask the server what it is, directly (not through the proxy, whose network the demo cuts: a cluster
	 * manager sits next to its databases, not behind the application's network).
	 * @return its role, {@link ServerRole#UNREACHABLE} when it does not answer
	 */
	ServerRole role() {
		try {
			boolean inRecovery = Boolean.parseBoolean(
					PostgresReplicationCluster.queryForString(this.server, "SELECT pg_is_in_recovery()::text"));
			return inRecovery ? ServerRole.REPLICA : ServerRole.PRIMARY;
		}
		catch (IllegalStateException ex) {
			return ServerRole.UNREACHABLE;
		}
	}

	/** Stops the proxy; the server is its cluster's to stop. */
	@Override
	public void close() {
		this.proxy.close();
	}

	@Override
	public String toString() {
		return name() + " (server on port " + this.server.port() + ", reached through port " + this.proxy.port() + ")";
	}

}
