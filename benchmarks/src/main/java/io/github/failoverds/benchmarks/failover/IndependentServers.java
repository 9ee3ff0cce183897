package io.github.failoverds.benchmarks.failover;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import io.github.failoverds.testsupport.EmbeddedPostgresNode;
import io.github.failoverds.testsupport.FaultProxy;

/**
 * A primary and a standby that are two independent, writable embedded PostgreSQL servers
 * ({@code synchronous_commit=on}, no replication between them), and a fault proxy in front of the primary: the
 * figures measure the client side (detection and switch), not a promotion. The same servers serve every trial.
 */
public final class IndependentServers implements Cluster {

	private static final String HOST = "127.0.0.1";

	private final EmbeddedPostgresNode primary;

	private final EmbeddedPostgresNode standby;

	private final FaultProxy primaryProxy;

	private IndependentServers(EmbeddedPostgresNode primary, EmbeddedPostgresNode standby) {
		this.primary = primary;
		this.standby = standby;
		this.primaryProxy = FaultProxy.start(HOST, primary.port());
	}

	/**
	 * Start both servers and the proxy, and create the table.
	 * @return the running servers
	 * @throws IllegalStateException if the table cannot be created
	 */
	public static IndependentServers start() {
		List<EmbeddedPostgresNode> servers = EmbeddedPostgresNode.startAll("primary", "standby");
		IndependentServers cluster = new IndependentServers(servers.get(0), servers.get(1));
		try {
			for (EmbeddedPostgresNode server : servers) {
				WritesTable.create(server.directDataSource());
			}
		}
		catch (SQLException ex) {
			cluster.close();
			throw new IllegalStateException("Could not create the table", ex);
		}
		return cluster;
	}

	public EmbeddedPostgresNode primary() {
		return this.primary;
	}

	public EmbeddedPostgresNode standby() {
		return this.standby;
	}

	public FaultProxy primaryProxy() {
		return this.primaryProxy;
	}

	/** Nothing to do: {@link #heal()} left both servers running and the proxy forwarding. */
	@Override
	public void setUp() {
	}

	@Override
	public Topology topology(boolean viaProxy) {
		return new Topology(List.of(new Topology.Node("primary", HOST, viaProxy ? this.primaryProxy.port() : this.primary.port()),
				new Topology.Node("standby", HOST, this.standby.port())), "postgres", this.primary.username(),
				this.primary.password());
	}

	/**
	 * Undo every fault: the proxy forwards again and the primary runs.
	 */
	@Override
	public void heal() {
		this.primaryProxy.pass();
		if (!this.primary.isRunning()) {
			this.primary.restart();
		}
	}

	/**
	 * Count acknowledged commits that are missing from the server that acknowledged them.
	 */
	@Override
	public long missingCommits(Map<Long, Integer> acknowledged) throws SQLException {
		long missing = 0;
		for (EmbeddedPostgresNode server : List.of(this.primary, this.standby)) {
			List<Long> ids = acknowledged.entrySet()
				.stream()
				.filter((entry) -> entry.getValue() == server.port())
				.map(Map.Entry::getKey)
				.toList();
			missing += ids.size() - WritesTable.countPresent(server.directDataSource(), ids);
		}
		return missing;
	}

	@Override
	public void close() {
		this.primaryProxy.close();
		this.primary.close();
		this.standby.close();
	}

}
