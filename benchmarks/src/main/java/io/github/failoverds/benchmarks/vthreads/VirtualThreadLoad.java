package io.github.failoverds.benchmarks.vthreads;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.LongAdder;

import javax.sql.DataSource;

import io.github.failoverds.testsupport.VirtualThreads;

/**
 * Virtual threads that each borrow a connection, run {@code SELECT 1} and return it, as fast as they can, for a
 * warm-up and then a measured window: the throughput of one data source under many more threads than connections.
 *
 * @param threads how many virtual threads
 * @param warmUp how long they run before the window
 * @param window how long the operations are counted
 */
record VirtualThreadLoad(int threads, Duration warmUp, Duration window) {

	/**
	 * Run the load on a data source.
	 * @param dataSource where each operation borrows
	 * @return operations per second in the window
	 * @throws InterruptedException if interrupted while the load runs
	 * @throws IllegalStateException if an operation fails
	 */
	double opsPerSecond(DataSource dataSource) throws InterruptedException {
		LongAdder operations = new LongAdder();
		List<Exception> failures = new ArrayList<>();
		ThreadFactory factory = VirtualThreads.factory("select-");
		List<Thread> started = new ArrayList<>();
		Stop stop = new Stop();
		for (int i = 0; i < this.threads; i++) {
			Thread thread = factory.newThread(() -> {
				while (!stop.requested) {
					try {
						selectOne(dataSource);
						operations.increment();
					}
					catch (SQLException ex) {
						synchronized (failures) {
							failures.add(ex);
						}
						return;
					}
				}
			});
			thread.start();
			started.add(thread);
		}
		Thread.sleep(this.warmUp.toMillis());
		long before = operations.sum();
		long start = System.nanoTime();
		Thread.sleep(this.window.toMillis());
		long count = operations.sum() - before;
		long elapsed = System.nanoTime() - start;
		stop.requested = true;
		for (Thread thread : started) {
			thread.join();
		}
		if (!failures.isEmpty()) {
			throw new IllegalStateException(failures.size() + " operations failed", failures.get(0));
		}
		return count * 1e9 / elapsed;
	}

	private static void selectOne(DataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery("SELECT 1")) {
			resultSet.next();
		}
	}

	/** Tells the threads to stop. */
	private static final class Stop {

		volatile boolean requested;

	}

}
