package io.github.failoverds.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.failoverds.health.NodeRole;

/**
 * The read-only view of a {@link FailoverDataSource}: borrows from the UP replicas in turn, and falls
 * back to the active (writable) node when no replica is UP or every replica's pool is busy. A replica
 * whose borrow fails with a connection error is marked DOWN like any node.
 */
final class ReplicaDataSource extends DataSourceSupport {

	private final FailoverDataSource failoverDataSource;

	private final List<DatabaseNode> nodes;

	private final AtomicInteger next = new AtomicInteger();

	ReplicaDataSource(FailoverDataSource failoverDataSource, List<DatabaseNode> nodes) {
		this.failoverDataSource = failoverDataSource;
		this.nodes = nodes;
	}

	@Override
	public Connection getConnection() throws SQLException {
		int size = this.nodes.size();
		int start = Math.floorMod(this.next.getAndIncrement(), size);
		for (int i = 0; i < size; i++) {
			DatabaseNode node = this.nodes.get((start + i) % size);
			if (node.health().isUp() && node.health().role() == NodeRole.REPLICA) {
				try {
					return this.failoverDataSource.borrow(node, FailoverDataSource.SLICE_MILLIS);
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
		return this.failoverDataSource.getWritableConnection();
	}

}
