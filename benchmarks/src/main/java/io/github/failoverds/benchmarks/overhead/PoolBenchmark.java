package io.github.failoverds.benchmarks.overhead;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

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

/**
 * Common set-up of the pool benchmarks: one trial per {@link PoolKind} and {@link Backend}, each in a
 * fresh JVM with fresh databases. Throughput in operations per millisecond.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 10, time = 1)
public abstract class PoolBenchmark {

	/** The data source under test. */
	@Param
	public PoolKind pool;

	/** The data source under test, open during the trial. */
	protected DataSource dataSource;

	private Databases databases;

	/**
	 * The backend of this trial.
	 * @return the backend
	 */
	protected abstract Backend backend();

	/** Start the databases and the data source. */
	@Setup(Level.Trial)
	public void open() {
		this.databases = Databases.start(backend());
		this.dataSource = this.pool.open(this.databases);
	}

	/**
	 * Close the data source and stop the databases.
	 * @throws IOException if the data source fails to close
	 */
	@TearDown(Level.Trial)
	public void close() throws IOException {
		try {
			((Closeable) this.dataSource).close();
		}
		finally {
			this.databases.close();
		}
	}

}
