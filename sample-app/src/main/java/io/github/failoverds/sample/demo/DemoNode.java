package io.github.failoverds.sample.demo;

import io.github.failoverds.testsupport.EmbeddedPostgresNode;
import io.github.failoverds.testsupport.FaultProxy;

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
	 * @param server the server; the node closes it
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

	/** Stops the proxy, then the server; deletes the server's data. */
	@Override
	public void close() {
		try {
			this.proxy.close();
		}
		finally {
			this.server.close();
		}
	}

	@Override
	public String toString() {
		return name() + " (server on port " + this.server.port() + ", reached through port " + this.proxy.port() + ")";
	}

}
