package io.github.failoverds.benchmarks.failover;

import java.io.Closeable;
import java.io.IOException;
import java.util.OptionalLong;

import javax.sql.DataSource;

/**
 * A started client under test: its data source, and its failure detector when it has one.
 */
final class Client implements AutoCloseable {

	private final DataSource dataSource;

	private final Closeable pools;

	private final StatusChangeListener detector;

	/**
	 * Wrap a started client.
	 * @param dataSource what the load borrows from
	 * @param pools closes the client's pools
	 * @param detector notes when the primary is found DOWN or UP, {@code null} if the client has no such notion
	 */
	Client(DataSource dataSource, Closeable pools, StatusChangeListener detector) {
		this.dataSource = dataSource;
		this.pools = pools;
		this.detector = detector;
	}

	DataSource dataSource() {
		return this.dataSource;
	}

	/**
	 * When the client first found the primary DOWN or UP at or after a moment.
	 * @param sinceNanos the moment ({@link System#nanoTime()})
	 * @return when, empty if it did not (or cannot tell)
	 */
	OptionalLong primaryStatusChangeSince(long sinceNanos) {
		return (this.detector != null) ? this.detector.firstChangeSince(sinceNanos) : OptionalLong.empty();
	}

	@Override
	public void close() throws IOException {
		this.pools.close();
	}

}
