package io.github.failoverds.routing;

import java.io.Closeable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariPoolMXBean;

import io.github.failoverds.health.NodeHealthMonitor;
import io.github.failoverds.leak.ConnectionTracker;

/**
 * The application's single {@link DataSource}: every new connection comes from the pool of the
 * active node (see {@link FailoverPolicy}). A connection stays on the node it came from for its whole
 * life; nothing is ever moved or replayed.
 * <p>
 * A borrow waits on a node in short slices and looks at the node's state between them, so it never
 * waits on a node that is known to be DOWN. When a borrow fails with a connection-class error the node
 * is marked DOWN at once and the borrow goes on with the next eligible node. While no node is writable
 * (a primary crashed and its replica is not promoted yet) a borrow waits, blocked, for one, at most
 * {@code await-writable}. All of it stays within the {@code connection-timeout} budget of the call: a
 * slice never starts unless it can end in time, counting the validation HikariCP may run on the
 * borrowing thread. A pool that is merely busy is not a dead node: the borrow keeps waiting on it until
 * the budget runs out and then fails with HikariCP's timeout. When a connection of the active node
 * broke under a statement, the node is checked at once, and borrows wait for that verdict instead of
 * taking pooled connections that are likely dead too.
 */
public class FailoverDataSource extends DataSourceSupport implements Closeable {

	/** Longest single wait on one pool before the node's state is looked at again. */
	static final long SLICE_MILLIS = 250;

	private final List<DatabaseNode> nodes;

	private final FailoverPolicy policy;

	private final NodeHealthMonitor monitor;

	private final FailoverNotifier notifier;

	private final ConnectionTracker connectionTracker;

	private final long budgetNanos;

	private final long awaitWritableNanos;

	/**
	 * The end of the budget kept free of slices, for the validation HikariCP may run on the borrowing
	 * thread at the end of one: the pools' validation timeout, at most a quarter of the budget.
	 */
	private final long validationMillis;

	private final ReplicaDataSource replicas;

	private final DataSource router;

	private volatile boolean closed;

	private final ReplicaSelector replicaSelector;

	private final ReadYourWrites readYourWrites;

	FailoverDataSource(List<DatabaseNode> nodes, FailoverPolicy policy, NodeHealthMonitor monitor,
			FailoverNotifier notifier, ConnectionTracker connectionTracker, BorrowLimits limits,
			ReadWriteRouter readWriteRouter, ReplicaSelector replicaSelector, ReadYourWrites readYourWrites) {
		this.nodes = List.copyOf(nodes);
		this.policy = policy;
		this.monitor = monitor;
		this.notifier = notifier;
		this.connectionTracker = connectionTracker;
		this.budgetNanos = limits.connectionTimeout().toNanos();
		this.awaitWritableNanos = limits.awaitWritable().toNanos();
		this.validationMillis = Math.min(limits.connectionTimeout().toMillis() / 4,
				this.nodes.stream().mapToLong((node) -> node.pool().getValidationTimeout()).max().orElse(0));
		this.replicaSelector = replicaSelector;
		this.readYourWrites = readYourWrites;
		this.replicas = new ReplicaDataSource(this, this.nodes, this.budgetNanos, replicaSelector, readYourWrites);
		this.router = (readWriteRouter != null)
				? readWriteRouter.route(readYourWrites.recording(new WriterDataSource()), this.replicas) : null;
	}

	/**
	 * Start building a failover data source.
	 * @return a builder
	 */
	public static FailoverDataSourceBuilder builder() {
		return new FailoverDataSourceBuilder();
	}

	/**
	 * A connection from the active node, or, with read/write splitting, a connection that picks a
	 * replica or the active node on first use.
	 */
	@Override
	public Connection getConnection() throws SQLException {
		return (this.router != null) ? this.router.getConnection() : getWritableConnection(this.budgetNanos);
	}

	/**
	 * A connection from the active node within the given budget.
	 * @param budgetNanos what is left of the caller's {@code connection-timeout}
	 */
	Connection getWritableConnection(long budgetNanos) throws SQLException {
		DatabaseNode node = this.policy.active();
		if (node != null && !this.closed && !node.health().isSuspect()) {
			long sliceMillis = firstSliceMillis(budgetNanos);
			try {
				return borrow(node, sliceMillis);
			}
			catch (SQLException ex) {
				return borrowAfterFailure(node, ex, deadlineAfterFirstSlice(budgetNanos, sliceMillis));
			}
		}
		return borrowAfterFailure(null, null, System.nanoTime() + budgetNanos);
	}

	/**
	 * The deadline of a call whose first borrow failed. The clock is not read before that borrow (it is the
	 * whole of a successful call, and a clock read costs as much as a tenth of it), so the first borrow is
	 * counted as having taken its whole slice and a validation: the budget is never exceeded, and a first
	 * borrow that failed sooner leaves the rest of the call up to that much less.
	 */
	private long deadlineAfterFirstSlice(long budgetNanos, long sliceMillis) {
		return System.nanoTime() + budgetNanos - TimeUnit.MILLISECONDS.toNanos(sliceMillis + this.validationMillis);
	}

	private Connection borrowAfterFailure(DatabaseNode failedNode, SQLException failure, long deadline)
			throws SQLException {
		DatabaseNode node = failedNode;
		SQLException lastFailure = failure;
		long awaitDeadline = 0;
		while (true) {
			if (lastFailure != null) {
				if (ConnectionFailures.isConnectionFailure(lastFailure)) {
					onBorrowFailure(node, lastFailure);
				}
				else if (!isPoolTimeout(lastFailure)) {
					throw lastFailure;
				}
			}
			if (this.closed) {
				throw closedFailure();
			}
			node = this.policy.active();
			if (node == null) {
				if (awaitDeadline == 0) {
					awaitDeadline = Math.min(deadline, System.nanoTime() + this.awaitWritableNanos);
				}
				node = awaitWritable(awaitDeadline);
			}
			if (node.health().isSuspect()) {
				awaitVerdict(node, deadline);
				lastFailure = null;
				continue;
			}
			long sliceMillis = sliceMillis(deadline);
			if (sliceMillis <= 0) {
				throw budgetExhausted(node, lastFailure);
			}
			try {
				return borrow(node, sliceMillis);
			}
			catch (SQLException ex) {
				lastFailure = ex;
			}
		}
	}

	/**
	 * A connection of the node broke under a statement, and the probe is checking it now: wait for its
	 * verdict rather than take a pooled connection that is likely dead too.
	 */
	private void awaitVerdict(DatabaseNode node, long deadline) throws SQLException {
		try {
			node.health().awaitVerdict(deadline);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SQLTransientConnectionException("Interrupted while node '" + node.name() + "' was checked", "08001",
					ex);
		}
		if (System.nanoTime() - deadline >= 0) {
			throw budgetExhausted(node, null);
		}
	}

	private DatabaseNode awaitWritable(long awaitDeadline) throws SQLException {
		try {
			DatabaseNode node = this.policy.writableSignal().await(this.policy::active, awaitDeadline);
			if (this.closed) {
				throw closedFailure();
			}
			if (node == null) {
				throw noWritableNode();
			}
			return node;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SQLTransientConnectionException("Interrupted while waiting for a writable node", "08001", ex);
		}
	}

	private long firstSliceMillis(long budgetNanos) {
		return Math.max(1, Math.min(SLICE_MILLIS, budgetNanos / 1_000_000 - this.validationMillis));
	}

	/**
	 * The longest slice that ends before the deadline even if HikariCP validates a connection at its end:
	 * a borrow that cannot be served fails up to one validation timeout (two, counting the first slice)
	 * before its budget runs out, never after (as long as the validation timeout, at most
	 * {@code health.timeout}, is no more than a quarter of the budget; beyond that, a last validation may
	 * run past it by the rest).
	 */
	long sliceMillis(long deadlineNanos) {
		long remainingMillis = (deadlineNanos - System.nanoTime()) / 1_000_000 - this.validationMillis;
		return Math.min(SLICE_MILLIS, remainingMillis);
	}

	/**
	 * Every borrow, for writes and reads, goes through here.
	 */
	Connection borrow(DatabaseNode node, long timeoutMillis) throws SQLException {
		return this.connectionTracker.track(node.borrow(timeoutMillis), node.name());
	}

	void onBorrowFailure(DatabaseNode node, SQLException failure) {
		this.policy.onBorrowFailure(node, failure);
	}

	static boolean isPoolTimeout(SQLException failure) {
		return failure instanceof SQLTransientConnectionException;
	}

	private SQLException closedFailure() {
		return new SQLNonTransientConnectionException("The failover DataSource is closed (the application is shutting down)",
				"08003");
	}

	private SQLException noWritableNode() {
		StringBuilder message = new StringBuilder("No writable node is available");
		if (this.awaitWritableNanos > 0) {
			message.append(" (waited up to ").append(this.awaitWritableNanos / 1_000_000).append(" ms for one)");
		}
		message.append(':');
		List<String> splitBrain = this.policy.splitBrainNodes();
		for (DatabaseNode node : this.nodes) {
			message.append(' ').append(node.name()).append(" is ").append(node.health().status());
			if (node.health().isUp()) {
				message.append(" (role ").append(node.health().role());
				if (splitBrain.contains(node.name())) {
					message.append(", kept off writes after a split brain");
				}
				message.append(')');
			}
			else if (node.health().lastError() != null) {
				message.append(" (").append(node.health().lastError()).append(')');
			}
			message.append(';');
		}
		message.setLength(message.length() - 1);
		return new SQLTransientConnectionException(message.toString(), "08001");
	}

	private SQLException budgetExhausted(DatabaseNode node, SQLException lastFailure) {
		HikariPoolMXBean pool = node.poolStats();
		String message = "No connection available from node '" + node.name() + "' within "
				+ this.budgetNanos / 1_000_000 + " ms (pool total=" + pool.getTotalConnections() + ", active="
				+ pool.getActiveConnections() + ", idle=" + pool.getIdleConnections() + ", waiting="
				+ pool.getThreadsAwaitingConnection() + ")";
		return (lastFailure != null) ? new SQLTransientConnectionException(message, lastFailure.getSQLState(), lastFailure)
				: new SQLTransientConnectionException(message, "08001");
	}

	/**
	 * The nodes in priority order.
	 * @return the nodes
	 */
	public List<DatabaseNode> getNodes() {
		return this.nodes;
	}

	/**
	 * The routing decision and its history.
	 * @return the policy
	 */
	public FailoverPolicy getPolicy() {
		return this.policy;
	}

	/**
	 * The node new connections go to.
	 * @return the active node, or {@code null} when none is writable
	 */
	public DatabaseNode getActiveNode() {
		return this.policy.active();
	}

	/**
	 * Which replicas take reads, and the lag each replica's last probe measured.
	 * @return the selector
	 */
	public ReplicaSelector getReplicaSelector() {
		return this.replicaSelector;
	}

	/**
	 * Read-your-writes: the token of this thread's last write, and scopes that carry one to another thread.
	 * @return read-your-writes (see {@link ReadYourWrites#isEnabled()})
	 */
	public ReadYourWrites getReadYourWrites() {
		return this.readYourWrites;
	}

	/**
	 * Leak detection: the borrowed connections held past the threshold.
	 * @return the tracker (disabled when the threshold is zero)
	 */
	public ConnectionTracker getConnectionTracker() {
		return this.connectionTracker;
	}

	/**
	 * How many borrows are waiting for a writable node now.
	 * @return the count
	 */
	public int getWaitingBorrows() {
		return this.policy.waitingBorrows();
	}

	/**
	 * Stop the probes and the leak detection and close every node's pool. Borrows from then on fail at
	 * once, and so do borrows waiting for a writable node; one already waiting on a pool fails at the end
	 * of its slice (at most {@value #SLICE_MILLIS} ms).
	 */
	@Override
	public void close() {
		this.closed = true;
		this.policy.writableSignal().shutDown();
		this.monitor.close();
		this.notifier.close();
		this.connectionTracker.close();
		for (DatabaseNode node : this.nodes) {
			node.pool().close();
		}
	}

	/**
	 * Chooses between the writable node and the replicas for each connection; with read/write splitting
	 * this is Spring's {@code LazyConnectionDataSourceProxy}, which decides on first use.
	 */
	@FunctionalInterface
	public interface ReadWriteRouter {

		/**
		 * Create the data source that every {@link FailoverDataSource#getConnection()} goes through.
		 * @param writer borrows from the active (writable) node
		 * @param reader borrows from a replica, or from the active node when none is UP
		 * @return the routing data source
		 */
		DataSource route(DataSource writer, DataSource reader);

	}

	/**
	 * The write side seen by a {@link ReadWriteRouter}.
	 */
	private final class WriterDataSource extends DataSourceSupport {

		@Override
		public Connection getConnection() throws SQLException {
			return getWritableConnection(FailoverDataSource.this.budgetNanos);
		}

	}

}
