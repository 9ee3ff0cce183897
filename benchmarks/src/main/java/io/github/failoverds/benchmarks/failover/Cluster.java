package io.github.failoverds.benchmarks.failover;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import io.github.failoverds.testsupport.EmbeddedPostgresNode;
import io.github.failoverds.testsupport.FaultProxy;

/**
 * The servers of the scenarios: a primary and a standby (two independent, writable embedded PostgreSQL
 * servers with {@code synchronous_commit=on}, no replication between them) and a fault proxy in front of
 * the primary. Each server has a table {@code writes} that the load inserts into.
 */
public final class Cluster implements AutoCloseable {

	private static final String HOST = "127.0.0.1";

	private final EmbeddedPostgresNode primary;

	private final EmbeddedPostgresNode standby;

	private final FaultProxy primaryProxy;

	private Cluster(EmbeddedPostgresNode primary, EmbeddedPostgresNode standby) {
		this.primary = primary;
		this.standby = standby;
		this.primaryProxy = FaultProxy.start(HOST, primary.port());
	}

	/**
	 * Start both servers and the proxy, and create the table.
	 * @return the running cluster
	 * @throws SQLException if the table cannot be created
	 */
	public static Cluster start() throws SQLException {
		List<EmbeddedPostgresNode> servers = EmbeddedPostgresNode.startAll("primary", "standby");
		Cluster cluster = new Cluster(servers.get(0), servers.get(1));
		for (EmbeddedPostgresNode server : servers) {
			try (Connection connection = server.directDataSource().getConnection();
					Statement statement = connection.createStatement()) {
				statement.execute("CREATE TABLE writes (id BIGINT PRIMARY KEY)");
			}
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

	/**
	 * Where clients reach the primary.
	 * @param viaProxy whether through the fault proxy
	 * @return {@code 127.0.0.1:<port>}
	 */
	public String primaryAddress(boolean viaProxy) {
		return HOST + ":" + (viaProxy ? this.primaryProxy.port() : this.primary.port());
	}

	/**
	 * Where clients reach the standby.
	 * @return {@code 127.0.0.1:<port>}
	 */
	public String standbyAddress() {
		return HOST + ":" + this.standby.port();
	}

	/**
	 * Undo every fault: the proxy forwards again and the primary runs.
	 */
	public void heal() {
		this.primaryProxy.pass();
		if (!this.primary.isRunning()) {
			this.primary.restart();
		}
	}

	/**
	 * Count acknowledged commits that are missing from the server that acknowledged them. Call after
	 * {@link #heal()}.
	 * @param acknowledged row id to the port of the server that acknowledged its insert
	 * @return the number of missing rows
	 * @throws SQLException if a server cannot be queried
	 */
	public long missingCommits(Map<Long, Integer> acknowledged) throws SQLException {
		long missing = 0;
		for (EmbeddedPostgresNode server : List.of(this.primary, this.standby)) {
			Long[] ids = acknowledged.entrySet()
				.stream()
				.filter((entry) -> entry.getValue() == server.port())
				.map(Map.Entry::getKey)
				.toArray(Long[]::new);
			missing += ids.length - countPresent(server, ids);
		}
		return missing;
	}

	private static long countPresent(EmbeddedPostgresNode server, Long[] ids) throws SQLException {
		try (Connection connection = server.directDataSource().getConnection();
				PreparedStatement statement = connection
					.prepareStatement("SELECT count(*) FROM writes WHERE id = ANY (?)")) {
			Array array = connection.createArrayOf("bigint", ids);
			statement.setArray(1, array);
			try (ResultSet resultSet = statement.executeQuery()) {
				resultSet.next();
				return resultSet.getLong(1);
			}
		}
	}

	@Override
	public void close() {
		this.primaryProxy.close();
		this.primary.close();
		this.standby.close();
	}

}
