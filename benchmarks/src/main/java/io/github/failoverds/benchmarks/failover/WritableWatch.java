package io.github.failoverds.benchmarks.failover;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

/**
 * Tells, apart from the clients under test, when a node being promoted first accepts a write, as
 * {@code PatroniCluster.awaitWritable} does for Patroni members: every {@value #INTERVAL_MILLIS} ms a fresh
 * connection must find {@code pg_is_in_recovery()} false, then commit a transaction that writes
 * ({@code SELECT txid_current()}, which allocates a transaction id). The moment is when that commit returned.
 */
final class WritableWatch {

	static final long INTERVAL_MILLIS = 10;

	private WritableWatch() {
	}

	/**
	 * Start watching a node on a thread of its own.
	 * @param name names the thread
	 * @param node a data source opening a fresh, direct connection to the node each time
	 * @param timeout how long to watch
	 * @return when the node first accepted a write ({@link System#nanoTime()}); a {@link TimeoutException} if
	 * it did not in time
	 */
	static CompletableFuture<Long> start(String name, DataSource node, Duration timeout) {
		return Background.supply("writable-watch-" + name, () -> await(name, node, timeout));
	}

	private static long await(String name, DataSource node, Duration timeout)
			throws InterruptedException, TimeoutException {
		long deadline = System.nanoTime() + timeout.toNanos();
		String lastFailure = "none yet";
		while (true) {
			try (Connection connection = node.getConnection(); Statement statement = connection.createStatement()) {
				boolean inRecovery;
				try (ResultSet recovery = statement.executeQuery("SELECT pg_is_in_recovery()")) {
					recovery.next();
					inRecovery = recovery.getBoolean(1);
				}
				if (!inRecovery) {
					statement.executeQuery("SELECT txid_current()").close();
					return System.nanoTime();
				}
				lastFailure = "pg_is_in_recovery() is true";
			}
			catch (SQLException ex) {
				lastFailure = ex.getSQLState() + " " + ex.getMessage();
			}
			if (System.nanoTime() - deadline >= 0) {
				throw new TimeoutException(name + " did not accept a write within " + timeout.toMillis()
						+ " ms; last failure: " + lastFailure);
			}
			Thread.sleep(INTERVAL_MILLIS);
		}
	}

}
