package io.github.failoverds.benchmarks.overhead;

import java.sql.Connection;
import java.sql.SQLException;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Param;

/**
 * Borrow a connection and give it back, nothing executed: the cost of the pool and of the routing, in
 * the style of HikariCP's own {@code ConnectionBench}.
 */
public class ConnectionCycleBenchmark extends PoolBenchmark {

	/** Stub connections isolate the pool; PostgreSQL connections are what users have. */
	@Param({ "STUB", "POSTGRESQL" })
	public Backend backend;

	@Override
	protected Backend backend() {
		return this.backend;
	}

	/**
	 * One cycle.
	 * @return the closed connection, so that the work is not optimised away
	 * @throws SQLException if the borrow fails
	 */
	@Benchmark
	@CompilerControl(CompilerControl.Mode.INLINE)
	public Connection cycle() throws SQLException {
		Connection connection = this.dataSource.getConnection();
		connection.close();
		return connection;
	}

}
