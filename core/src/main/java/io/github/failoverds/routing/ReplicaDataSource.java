package io.github.failoverds.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The read-only view of a {@link FailoverDataSource}: borrows from the eligible replicas in turn (see
 * {@link ReplicaSelector}), and falls back to the active (writable) node when no replica is eligible or
 * every replica's pool is busy. A replica whose borrow fails with a connection error is marked DOWN like
 * any node. With read-your-writes, a replica that has not replayed the thread's last write within
 * {@code max-wait} sends the read to the writable node (see {@link ReadYourWrites}). The attempts on
 * replicas and the fallback share one {@code connection-timeout} budget.
 * <p>
 * A connection handed out here behaves the same wherever it comes from: set read-only (a connection from
 * the writable node too, so that a read-only transaction cannot write there either) and with the
 * auto-commit of the first node's pool, which is what the read/write router assumes of every connection.
 */
final class ReplicaDataSource extends DataSourceSupport {

	private final FailoverDataSource failoverDataSource;

	private final List<DatabaseNode> nodes;

	private final long budgetNanos;

	private final boolean defaultAutoCommit;

	private final ReplicaSelector selector;

	private final ReadYourWrites readYourWrites;

	private final AtomicInteger next = new AtomicInteger();

	ReplicaDataSource(FailoverDataSource failoverDataSource, List<DatabaseNode> nodes, long budgetNanos,
			ReplicaSelector selector, ReadYourWrites readYourWrites) {
		this.failoverDataSource = failoverDataSource;
		this.nodes = nodes;
		this.budgetNanos = budgetNanos;
		this.defaultAutoCommit = nodes.get(0).pool().isAutoCommit();
		this.selector = selector;
		this.readYourWrites = readYourWrites;
	}

	@Override
	public Connection getConnection() throws SQLException {
		int size = this.nodes.size();
		int start = Math.floorMod(this.next.getAndIncrement(), size);
		long deadline = System.nanoTime() + this.budgetNanos;
		for (int i = 0; i < size; i++) {
			DatabaseNode node = this.nodes.get((start + i) % size);
			if (this.selector.isEligible(node)) {
				long sliceMillis = this.failoverDataSource.sliceMillis(deadline);
				if (sliceMillis <= 0) {
					break;
				}
				try {
					Connection connection = this.readYourWrites.replayedOrNull(node,
							this.failoverDataSource.borrow(node, sliceMillis));
					if (connection == null) {
						break;
					}
					return withDefaults(connection, node);
				}
				catch (SQLException ex) {
					if (ConnectionFailures.isConnectionFailure(ex)) {
						this.failoverDataSource.onBorrowFailure(node, ex);
					}
					else if (!FailoverDataSource.isPoolTimeout(ex)) {
						throw ex;
					}
				}
			}
		}
		Connection connection = this.failoverDataSource.getWritableConnection(deadline - System.nanoTime());
		try {
			connection.setReadOnly(true);
			return connection;
		}
		catch (SQLException ex) {
			connection.close();
			throw ex;
		}
	}

	private Connection withDefaults(Connection connection, DatabaseNode node) throws SQLException {
		if (node.pool().isAutoCommit() != this.defaultAutoCommit) {
			connection.setAutoCommit(this.defaultAutoCommit);
		}
		return connection;
	}

}
