package io.github.failoverds.benchmarks.overhead;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * Borrow a connection, run {@code SELECT 1} on PostgreSQL and give the connection back: the round trip
 * to the database dominates, as in real work.
 */
public class SelectOneBenchmark extends PoolBenchmark {

	/** Only PostgreSQL can run the query. */
	@Param("POSTGRESQL")
	public Backend backend;

	@Override
	protected Backend backend() {
		return this.backend;
	}

	/**
	 * One borrow, query and return.
	 * @return the query's result
	 * @throws SQLException if the borrow or the query fails
	 */
	@Benchmark
	public int selectOne() throws SQLException {
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery("SELECT 1")) {
			resultSet.next();
			return resultSet.getInt(1);
		}
	}

}
