package io.github.failoverds.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;

import javax.sql.DataSource;

import io.github.failoverds.support.SecretMasker;

/**
 * Checks one node over a connection of its own, outside the node's pool, so that a busy pool never
 * looks like a dead node and a probe never takes a connection from the application. The connection
 * is kept between probes (a check then costs one round trip); when a check on the kept connection
 * fails, it is tried once more on a new one, so that a connection cut on its own is not taken for a
 * dead node.
 */
public final class NodeProbe implements AutoCloseable {

	private static final Executor DIRECT = Runnable::run;

	private final DataSource connectionSource;

	private final ReplicationCheck check;

	private final int timeoutMillis;

	private final SecretMasker masker;

	private volatile Connection connection;

	private volatile boolean closed;

	/**
	 * Create a probe.
	 * @param connectionSource opens new physical connections to the node (not pooled)
	 * @param check how to tell the node's role and replication lag
	 * @param timeout limit of one check
	 * @param masker removes the node's secrets from error messages
	 */
	public NodeProbe(DataSource connectionSource, ReplicationCheck check, Duration timeout, SecretMasker masker) {
		this.connectionSource = connectionSource;
		this.check = check;
		this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
		this.masker = masker;
	}

	/**
	 * Run one check on the calling thread. Never throws: a failure is a failed result.
	 * @param clock the clock that stamps the result
	 * @return the result
	 */
	public ProbeResult check(Clock clock) {
		long start = System.nanoTime();
		boolean kept = this.connection != null;
		try {
			ReplicationCheck.Reading reading = read(clock);
			return ProbeResult.healthy(clock.instant(), Duration.ofNanos(System.nanoTime() - start), reading.role(),
					reading.lag());
		}
		catch (SQLException | RuntimeException ex) {
			abort();
			if (kept && !this.closed) {
				// the kept connection may have been cut (a proxy, a firewall, a terminated backend) while the node
				// is fine: a new connection decides
				return check(clock);
			}
			return ProbeResult.failed(clock.instant(), Duration.ofNanos(System.nanoTime() - start),
					this.masker.describe(ex));
		}
	}

	private ReplicationCheck.Reading read(Clock clock) throws SQLException {
		return this.check.check(openIfNeeded(), Math.max(1, (this.timeoutMillis + 999) / 1000), clock.instant());
	}

	private Connection openIfNeeded() throws SQLException {
		Connection current = this.connection;
		if (current == null || current.isClosed()) {
			current = this.connectionSource.getConnection();
			this.connection = current;
			if (this.closed) {
				// closed while the connection was being opened, too early to see it: drop it here
				abort();
				throw new SQLException("Probe closed");
			}
			current.setNetworkTimeout(DIRECT, this.timeoutMillis);
		}
		return current;
	}

	/**
	 * Abort a check that is stuck on the network: the socket is closed under it, so the probe thread
	 * returns with a failure instead of hanging.
	 */
	public void abort() {
		Connection current = this.connection;
		this.connection = null;
		if (current != null) {
			try {
				current.abort(DIRECT);
			}
			catch (SQLException | RuntimeException ex) {
				// the connection is being dropped anyway
			}
		}
	}

	/**
	 * Open a new connection for the next check: the node's address may lead to another server by now.
	 * Called between checks.
	 */
	public void reconnect() {
		Connection current = this.connection;
		this.connection = null;
		closeQuietly(current);
	}

	/**
	 * Close the probe's connection; a connection still being opened is closed as soon as it is open.
	 */
	@Override
	public void close() {
		this.closed = true;
		reconnect();
	}

	private static void closeQuietly(Connection connection) {
		if (connection != null) {
			try {
				connection.close();
			}
			catch (SQLException | RuntimeException ex) {
				// already broken
			}
		}
	}

}
