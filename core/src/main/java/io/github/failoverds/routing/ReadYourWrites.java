package io.github.failoverds.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

/**
 * Read-your-writes for read/write splitting on PostgreSQL: a read-only connection goes to a replica only
 * once the replica has replayed the last write of the same scope, waiting at most {@code max-wait} for
 * it; otherwise it comes from the writable node.
 * <p>
 * The scope is the thread: when a connection of the writable node that ran statements is returned (after
 * a transaction's commit, or after an auto-commit call), the primary's WAL insert position is read on it
 * ({@code pg_current_wal_insert_lsn()}, one round trip, see {@link WritePositionRecorder}) and kept for
 * the thread; a later read-only borrow on the thread checks it (see {@link ReplayWait}). A thread keeps its position
 * until its next write: an old position costs nothing, since a replica that has replayed past it is
 * recognised from its last probe. To carry the guarantee to another thread, request or message, take
 * {@link #token()} after the write and hand it to {@link #after(String)} there.
 */
public final class ReadYourWrites {

	private static final long NONE = -1;

	private final boolean enabled;

	private final ReplayWait replayWait;

	private final ThreadLocal<long[]> lastWrite = ThreadLocal.withInitial(() -> new long[] { NONE });

	ReadYourWrites(boolean enabled, ReplicaSelector replicas, Duration maxWait) {
		this.enabled = enabled;
		this.replayWait = new ReplayWait(replicas, maxWait);
	}

	/**
	 * The position of this thread's last write, to carry to another thread, request or message.
	 * @return the WAL position as PostgreSQL writes it (such as {@code 0/3000148}), or {@code null} when the
	 * thread has written nothing yet
	 */
	public String token() {
		long position = this.lastWrite.get()[0];
		return (position != NONE) ? format(position) : null;
	}

	/**
	 * Make this thread's reads see the write a token stands for, until the scope is closed.
	 * @param token a token from {@link #token()}; {@code null} or blank for none
	 * @return the scope; closing it restores the thread's previous position, unless the thread wrote in
	 * the scope (then the position of that write stays)
	 * @throws IllegalArgumentException when the token is no WAL position
	 */
	public Scope after(String token) {
		long[] holder = this.lastWrite.get();
		long previous = holder[0];
		if (token != null && !token.isBlank()) {
			holder[0] = Math.max(previous, parse(token.trim()));
		}
		long applied = holder[0];
		return () -> {
			if (holder[0] == applied) {
				holder[0] = previous;
			}
		};
	}

	/**
	 * Whether read-your-writes is on.
	 * @return {@code true} when writes are recorded and replica reads wait for them
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * The write side: each connection records its commits when read-your-writes is on.
	 */
	DataSource recording(DataSource writer) {
		if (!this.enabled) {
			return writer;
		}
		return new DataSourceSupport() {

			@Override
			public Connection getConnection() throws SQLException {
				return WritePositionRecorder.wrap(writer.getConnection(), ReadYourWrites.this);
			}

		};
	}

	/**
	 * Hand out a replica connection only if the replica has replayed this thread's last write, waiting at
	 * most {@code max-wait}.
	 * @param node the replica
	 * @param connection a connection borrowed from it; closed here when not handed out
	 * @return the connection, or {@code null} when the replica has not replayed the write in time
	 * @throws SQLException when the check fails (the connection is closed)
	 */
	Connection replayedOrNull(DatabaseNode node, Connection connection) throws SQLException {
		long position = this.enabled ? this.lastWrite.get()[0] : NONE;
		if (position == NONE) {
			return connection;
		}
		boolean replayed;
		try {
			replayed = this.replayWait.awaitReplayed(node, connection, position);
		}
		catch (SQLException | RuntimeException ex) {
			connection.close();
			throw ex;
		}
		if (!replayed) {
			connection.close();
			return null;
		}
		return connection;
	}

	/**
	 * A write committed on this thread at a position.
	 * @param position the primary's WAL insert position after the commit
	 */
	void wrote(long position) {
		long[] holder = this.lastWrite.get();
		holder[0] = Math.max(holder[0], position);
	}

	static String format(long position) {
		return Long.toHexString(position >>> 32).toUpperCase() + "/" + Long.toHexString(position & 0xFFFFFFFFL).toUpperCase();
	}

	static long parse(String token) {
		int slash = token.indexOf('/');
		try {
			if (slash > 0) {
				return (Long.parseLong(token.substring(0, slash), 16) << 32) | Long.parseLong(token.substring(slash + 1), 16);
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new IllegalArgumentException("Not a read-your-writes token (a WAL position such as 0/3000148): " + token);
	}

	/**
	 * A read-your-writes scope opened by {@link ReadYourWrites#after(String)}.
	 */
	@FunctionalInterface
	public interface Scope extends AutoCloseable {

		/**
		 * Restore the thread's position from before the scope.
		 */
		@Override
		void close();

	}

}
