package io.github.failoverds.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.failoverds.health.NodeRole;

/**
 * The read-only view of a {@link FailoverDataSource}: borrows from the UP replicas in turn, and falls
 * back to the active (writable) node when no replica is UP or every replica's pool is busy. A replica
 * whose borrow fails with a connection error is marked DOWN like any node. The attempts on replicas and
 * the fallback share one {@code connection-timeout} budget.
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

	private final AtomicInteger next = new AtomicInteger();

	ReplicaDataSource(FailoverDataSource failoverDataSource, List<DatabaseNode> nodes, long budgetNanos) {
		this.failoverDataSource = failoverDataSource;
		this.nodes = nodes;
		this.budgetNanos = budgetNanos;
		this.defaultAutoCommit = nodes.get(0).pool().isAutoCommit();
	}

	@Override
	public Connection getConnection() throws SQLException {
		int size = this.nodes.size();
		int start = Math.floorMod(this.next.getAndIncrement(), size);
		long deadline = System.nanoTime() + this.budgetNanos;
		for (int i = 0; i < size; i++) {
			DatabaseNode node = this.nodes.get((start + i) % size);
			if (node.health().isUp() && !node.health().isSuspect() && node.health().role() == NodeRole.REPLICA) {
				long sliceMillis = this.failoverDataSource.sliceMillis(deadline);
				if (sliceMillis <= 0) {
					break;
				}
				try {
					return withDefaults(this.failoverDataSource.borrow(node, sliceMillis), node);
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
