package io.github.failoverds.benchmarks.overhead;

import java.util.List;

import com.zaxxer.hikari.HikariConfig;

import io.github.failoverds.health.RoleCheck;
import io.github.failoverds.testsupport.EmbeddedPostgresNode;

/**
 * The two database nodes (a primary and a standby) that a benchmark's pools connect to, and the pool
 * settings every benchmarked pool shares.
 */
public final class Databases implements AutoCloseable {

	/** Size of every benchmarked pool (fixed: minimum idle = maximum), above the largest thread count. */
	public static final int POOL_SIZE = 4;

	private final Backend backend;

	private final List<EmbeddedPostgresNode> servers;

	private Databases(Backend backend, List<EmbeddedPostgresNode> servers) {
		this.backend = backend;
		this.servers = servers;
	}

	/**
	 * Start the nodes of a backend (two embedded PostgreSQL servers, or nothing for the stub driver).
	 * @param backend the backend
	 * @return the running nodes
	 */
	public static Databases start(Backend backend) {
		List<EmbeddedPostgresNode> servers = (backend == Backend.POSTGRESQL)
				? EmbeddedPostgresNode.startAll("primary", "standby") : List.of();
		return new Databases(backend, servers);
	}

	/**
	 * A pool configuration for one node, without metrics.
	 * @param node 0 for the primary, 1 for the standby
	 * @return a new configuration
	 */
	public HikariConfig poolConfig(int node) {
		HikariConfig config;
		if (this.backend == Backend.STUB) {
			config = new HikariConfig();
			config.setMaximumPoolSize(POOL_SIZE);
			config.setDriverClassName(StubDriver.class.getName());
			config.setJdbcUrl(StubDriver.URL);
		}
		else {
			config = this.servers.get(node).poolConfig(POOL_SIZE);
		}
		config.setMinimumIdle(POOL_SIZE);
		return config;
	}

	/**
	 * The failover data source's role check for these nodes.
	 * @return {@code auto} for PostgreSQL, {@code none} for stub connections, which cannot run a query
	 */
	public String roleCheck() {
		return (this.backend == Backend.STUB) ? RoleCheck.NONE : RoleCheck.AUTO;
	}

	@Override
	public void close() {
		this.servers.forEach(EmbeddedPostgresNode::close);
	}

}
