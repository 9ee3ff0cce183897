package io.github.failoverds.benchmarks.failover;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;

import javax.sql.DataSource;

/**
 * The table {@code writes} that the load inserts into ({@link WriteLoad}), on whichever servers a cluster has.
 */
final class WritesTable {

	private WritesTable() {
	}

	/**
	 * Create the table.
	 * @param server a writable server
	 * @throws SQLException if it cannot be created
	 */
	static void create(DataSource server) throws SQLException {
		try (Connection connection = server.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE writes (id BIGINT PRIMARY KEY)");
		}
	}

	/**
	 * Count the rows of one server that have one of the ids.
	 * @param server the server
	 * @param ids row ids
	 * @return how many of them the server has
	 * @throws SQLException if the server cannot be queried
	 */
	static long countPresent(DataSource server, Collection<Long> ids) throws SQLException {
		try (Connection connection = server.getConnection();
				PreparedStatement statement = connection
					.prepareStatement("SELECT count(*) FROM writes WHERE id = ANY (?)")) {
			Array array = connection.createArrayOf("bigint", ids.toArray(Long[]::new));
			statement.setArray(1, array);
			try (ResultSet resultSet = statement.executeQuery()) {
				resultSet.next();
				return resultSet.getLong(1);
			}
		}
	}

}
