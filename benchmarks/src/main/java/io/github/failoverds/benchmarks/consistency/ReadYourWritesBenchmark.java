package io.github.failoverds.benchmarks.consistency;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.github.failoverds.routing.FailoverDataSource;
import io.github.failoverds.testsupport.PostgresReplicationCluster;
import io.github.failoverds.testsupport.WriteLoad;

/**
 * What read-your-writes costs per request, on and off, on real PostgreSQL streaming replication (a primary
 * and a hot standby on 127.0.0.1, no apply delay), reads through the router's read-only side: the write side pays one more round trip when the writer
 * connection is returned ({@code pg_current_wal_insert_lsn()}); a read right after the write waits until the
 * standby has replayed it; a read whose thread wrote long ago is answered from the standby's last probe. The
 * {@code staleReads} counter counts reads that did not see the row written just before them. Run with
 * {@code java -cp benchmarks.jar org.openjdk.jmh.Main ReadYourWrites}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(3)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ReadYourWritesBenchmark {

	private static final String COUNT = "SELECT count(*) FROM writes WHERE id = ?";

	/** Whether read-your-writes is on, as {@code failover.datasource.read-only-routing.read-your-writes}. */
	@Param({ "false", "true" })
	public boolean readYourWrites;

	private final AtomicLong ids = new AtomicLong();

	private PostgresReplicationCluster cluster;

	private FailoverDataSource dataSource;

	private DataSource replicas;

	/** Start the cluster and the data source, and wait until the standby takes reads. */
	@Setup(Level.Trial)
	public void start() throws SQLException {
		this.cluster = PostgresReplicationCluster.start("primary", "standby-1");
		WriteLoad.createTable(this.cluster.primary().directDataSource());
		this.dataSource = FailoverDataSource.builder()
			.node("primary", this.cluster.primary().poolConfig(4))
			.node("standby-1", this.cluster.standby().poolConfig(4))
			.health(Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 2, 10)
			.readWriteRouter((writer, reader) -> {
				// every getConnection() from the writer; read-only work borrows from the reader, as Spring's
				// LazyConnectionDataSourceProxy would for it
				this.replicas = reader;
				return writer;
			})
			.readYourWrites(this.readYourWrites, Duration.ofMillis(200))
			.build();
		this.cluster.awaitReplayed(this.cluster.standby());
	}

	/** Close the data source and the cluster. */
	@TearDown(Level.Trial)
	public void stop() {
		this.dataSource.close();
		this.cluster.close();
	}

	/**
	 * A request that writes a row (auto-commit) and then reads it from a replica.
	 * @param counters counts the stale reads
	 * @return the count read
	 * @throws SQLException if the database fails
	 */
	@Benchmark
	public int writeThenRead(StaleReads counters) throws SQLException {
		long id = write();
		int count = count(id);
		if (count == 0) {
			counters.staleReads++;
		}
		return count;
	}

	/**
	 * A request that only writes a row.
	 * @return the row's id
	 * @throws SQLException if the database fails
	 */
	@Benchmark
	public long write() throws SQLException {
		long id = this.ids.incrementAndGet();
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(WriteLoad.INSERT)) {
			statement.setLong(1, id);
			statement.setInt(2, 0);
			statement.executeQuery().close();
		}
		return id;
	}

	/**
	 * A request that only reads from a replica, on a thread whose last write is long replayed.
	 * @param earlierWrite the thread's earlier write
	 * @return the count read
	 * @throws SQLException if the database fails
	 */
	@Benchmark
	public int read(EarlierWrite earlierWrite) throws SQLException {
		return count(earlierWrite.id);
	}

	private int count(long id) throws SQLException {
		try (Connection connection = this.replicas.getConnection();
				PreparedStatement statement = connection.prepareStatement(COUNT)) {
			statement.setLong(1, id);
			try (ResultSet resultSet = statement.executeQuery()) {
				resultSet.next();
				return resultSet.getInt(1);
			}
		}
	}

	/**
	 * Reads that did not see the row written just before them, per iteration.
	 */
	@State(Scope.Thread)
	@AuxCounters(AuxCounters.Type.EVENTS)
	public static class StaleReads {

		/** The count. */
		public long staleReads;

		/** Reset at every iteration. */
		@Setup(Level.Iteration)
		public void reset() {
			this.staleReads = 0;
		}

	}

	/**
	 * A write made by the benchmark thread before the measurement: with read-your-writes on, the thread's
	 * reads then check a position that the standby's probe has long seen.
	 */
	@State(Scope.Thread)
	public static class EarlierWrite {

		private long id;

		/**
		 * Write the row, on the benchmark thread.
		 * @param benchmark the benchmark state
		 * @throws SQLException if the database fails
		 */
		@Setup(Level.Trial)
		public void write(ReadYourWritesBenchmark benchmark) throws SQLException {
			this.id = benchmark.write();
		}

	}

}
