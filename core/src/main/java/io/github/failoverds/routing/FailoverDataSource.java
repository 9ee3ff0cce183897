package io.github.failoverds.routing;

import java.io.Closeable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;

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
 * is marked DOWN at once and the borrow goes on with the next eligible node, all within the
 * {@code connection-timeout} budget of the call. A pool that is merely busy is not a dead node: the
 * borrow keeps waiting on it until the budget runs out and then fails with HikariCP's timeout.
 */
public class FailoverDataSource extends DataSourceSupport implements Closeable {

	/** Longest single wait on one pool before the node's state is looked at again. */
	static final long SLICE_MILLIS = 250;

	private final List<DatabaseNode> nodes;

	private final FailoverPolicy policy;

	private final NodeHealthMonitor monitor;

	private final long budgetNanos;

	private final long firstSliceMillis;

	private final ReplicaDataSource replicas;

	private final DataSource router;

	private final ConnectionTracker connectionTracker;

	private final ReplicaSelector replicaSelector;

	private final ReadYourWrites readYourWrites;

	FailoverDataSource(List<DatabaseNode> nodes, FailoverPolicy policy, NodeHealthMonitor monitor,
			Duration connectionTimeout, ReadWriteRouter readWriteRouter, ConnectionTracker connectionTracker,
			ReplicaSelector replicaSelector, ReadYourWrites readYourWrites) {
		this.nodes = List.copyOf(nodes);
		this.policy = policy;
		this.monitor = monitor;
		this.budgetNanos = connectionTimeout.toNanos();
		this.firstSliceMillis = Math.min(SLICE_MILLIS, connectionTimeout.toMillis());
		this.replicaSelector = replicaSelector;
		this.readYourWrites = readYourWrites;
		this.replicas = new ReplicaDataSource(this, this.nodes, replicaSelector, readYourWrites);
		this.router = (readWriteRouter != null)
				? readWriteRouter.route(readYourWrites.recording(new WriterDataSource()), this.replicas) : null;
		this.connectionTracker = connectionTracker;
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
		return (this.router != null) ? this.router.getConnection() : getWritableConnection();
	}

	Connection getWritableConnection() throws SQLException {
		DatabaseNode node = this.policy.active();
		if (node != null) {
			try {
				return borrow(node, this.firstSliceMillis);
			}
			catch (SQLException ex) {
				// the first slice took at most firstSliceMillis of the budget
				long deadline = System.nanoTime() + this.budgetNanos - this.firstSliceMillis * 1_000_000;
				return borrowAfterFailure(node, ex, deadline);
			}
		}
		throw noWritableNode();
	}

	private Connection borrowAfterFailure(DatabaseNode failedNode, SQLException failure, long deadline)
			throws SQLException {
		DatabaseNode node = failedNode;
		SQLException lastFailure = failure;
		while (true) {
			if (ConnectionFailures.isConnectionFailure(lastFailure)) {
				onBorrowFailure(node, lastFailure);
			}
			else if (!isPoolTimeout(lastFailure)) {
				throw lastFailure;
			}
			node = this.policy.active();
			if (node == null) {
				throw noWritableNode();
			}
			long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
			if (remainingMillis <= 0) {
				throw budgetExhausted(node, lastFailure);
			}
			try {
				return borrow(node, Math.min(SLICE_MILLIS, remainingMillis));
			}
			catch (SQLException ex) {
				lastFailure = ex;
			}
		}
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

	private SQLException noWritableNode() {
		StringBuilder message = new StringBuilder("No writable node is available:");
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
		return new SQLTransientConnectionException("No connection available from node '" + node.name() + "' within "
				+ this.budgetNanos / 1_000_000 + " ms (pool total=" + pool.getTotalConnections() + ", active="
				+ pool.getActiveConnections() + ", idle=" + pool.getIdleConnections() + ", waiting="
				+ pool.getThreadsAwaitingConnection() + ")", lastFailure.getSQLState(), lastFailure);
	}

	/**
	 * A DataSource for read-only work: each connection comes from an UP replica (round-robin), or from
	 * the active node when no replica is UP. Used by read/write splitting.
	 * @return the read-only view of this data source
	 */
	public DataSource getReadOnlyDataSource() {
		return this.replicas;
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
	 * Stop the probes and the leak detection and close every node's pool.
	 */
	@Override
	public void close() {
		this.monitor.close();
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
			return getWritableConnection();
		}

	}

}
