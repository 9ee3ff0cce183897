package io.github.failoverds.autoconfigure.credentials;

import java.io.Closeable;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads credentials directories again at a fixed interval, on one daemon thread ({@code failover-credentials})
 * started with the first directory, so that a changed secret is noticed (logged, and shown by health and
 * metrics) even while no connection is opened. Pools and probes do not wait for it: a
 * {@link DirectoryCredentialsProvider} reads its files for every new connection.
 */
public final class CredentialsWatcher implements Closeable {

	private static final Logger logger = LoggerFactory.getLogger(CredentialsWatcher.class);

	private final long intervalMillis;

	private ScheduledExecutorService executor;

	private boolean closed;

	/**
	 * Create a watcher; it starts no thread until it is given a directory.
	 * @param interval how often each directory is read
	 */
	public CredentialsWatcher(Duration interval) {
		this.intervalMillis = interval.toMillis();
	}

	/**
	 * Read the provider's directory again at every interval until {@link #close()}.
	 * @param provider the provider
	 */
	public synchronized void watch(DirectoryCredentialsProvider provider) {
		if (this.closed) {
			throw new IllegalStateException("Credentials watcher closed");
		}
		if (this.executor == null) {
			this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "failover-credentials");
				thread.setDaemon(true);
				return thread;
			});
		}
		this.executor.scheduleWithFixedDelay(() -> refresh(provider), this.intervalMillis, this.intervalMillis,
				TimeUnit.MILLISECONDS);
	}

	private static void refresh(DirectoryCredentialsProvider provider) {
		try {
			provider.refresh();
		}
		catch (RuntimeException ex) {
			// keep the schedule: a failed read is retried at the next interval
			logger.warn("Failed to read the credentials in {}: {}", provider.getDirectory(), ex.toString());
		}
	}

	/**
	 * Stop reading the directories.
	 */
	@Override
	public synchronized void close() {
		this.closed = true;
		if (this.executor != null) {
			this.executor.shutdownNow();
		}
	}

}
