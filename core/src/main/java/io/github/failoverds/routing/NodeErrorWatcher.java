package io.github.failoverds.routing;

import java.sql.SQLException;

import com.zaxxer.hikari.SQLExceptionOverride;

/**
 * Watches the errors of one node's pooled connections, through HikariCP's {@link SQLExceptionOverride}
 * hook (called only when a statement or connection call fails, so it costs nothing on success), for two
 * kinds of first-hand news that should not wait for the next probe:
 * <ul>
 * <li>a statement refused as read-only ({@link ReadOnlyErrors}): the node may have been demoted, or a
 * single endpoint may now point at a replica. The connection is retired, and the node's role is
 * checked at once; if it is a replica now, the probe's role change retires its other connections and
 * writes move to the writable node;</li>
 * <li>a connection-class error on a connection in use ({@link ConnectionFailures}): the server may have
 * died under it. The node becomes suspect and is probed at once: if that probe fails too, the node is
 * DOWN, so a crash is seen in the time a refused connect takes instead of after
 * {@code failure-threshold} intervals. A healthy probe clears the suspicion.</li>
 * </ul>
 * Whatever the application configured as its own override still decides about eviction for every
 * other error.
 */
final class NodeErrorWatcher implements SQLExceptionOverride {

	private final Runnable probeSoon;

	private final Runnable suspect;

	private final SQLExceptionOverride userOverride;

	/**
	 * Create a watcher.
	 * @param probeSoon asks for a probe of the node as soon as possible
	 * @param suspect marks the node suspect: DOWN at once if that probe fails too
	 * @param userOverride the override the application configured, or {@code null}
	 */
	NodeErrorWatcher(Runnable probeSoon, Runnable suspect, SQLExceptionOverride userOverride) {
		this.probeSoon = probeSoon;
		this.suspect = suspect;
		this.userOverride = userOverride;
	}

	@java.lang.Override
	public Override adjudicate(SQLException failure) {
		if (ReadOnlyErrors.isReadOnlyError(failure)) {
			this.probeSoon.run();
			return Override.MUST_EVICT;
		}
		if (ConnectionFailures.isConnectionFailure(failure)) {
			this.suspect.run();
			this.probeSoon.run();
		}
		return (this.userOverride != null) ? this.userOverride.adjudicate(failure) : Override.CONTINUE_EVICT;
	}

}
