package io.github.failoverds.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The embedded PostgreSQL servers of the demo: one per node, each with the order schema, stopped when
 * the application stops.
 */
public final class DemoDatabases implements AutoCloseable {

	static final String SCHEMA = """
			CREATE TABLE IF NOT EXISTS orders (
			    id BIGSERIAL PRIMARY KEY,
			    item VARCHAR(200) NOT NULL,
			    quantity INT NOT NULL,
			    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
			)""";

	private final List<EmbeddedPostgres> servers;

	private DemoDatabases(List<EmbeddedPostgres> servers) {
		this.servers = servers;
	}

	/**
	 * Start one server per node, each on a free port, and create the schema on each.
	 * @param count how many nodes
	 * @return the running servers
	 */
	static DemoDatabases start(int count) {
		List<EmbeddedPostgres> servers = new ArrayList<>();
		try {
			for (int i = 0; i < count; i++) {
				EmbeddedPostgres server = EmbeddedPostgres.builder()
					.setServerConfig("synchronous_commit", "on")
					.start();
				servers.add(server);
				try (Connection connection = server.getPostgresDatabase().getConnection();
						Statement statement = connection.createStatement()) {
					statement.execute(SCHEMA);
				}
			}
			return new DemoDatabases(servers);
		}
		catch (IOException | SQLException ex) {
			new DemoDatabases(servers).close();
			throw new IllegalStateException("Could not start the demo databases", ex);
		}
	}

	/**
	 * The JDBC URL of each node, in priority order.
	 * @return the URLs
	 */
	List<String> jdbcUrls() {
		return this.servers.stream().map((server) -> server.getJdbcUrl("postgres", "postgres")).toList();
	}

	@Override
	public void close() {
		for (EmbeddedPostgres server : this.servers) {
			try {
				server.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

}
