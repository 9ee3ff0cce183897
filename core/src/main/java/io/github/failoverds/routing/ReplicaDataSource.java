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
 * {@code max-wait} sends the read to the writable node (see {@link ReadYourWrites}).
 */
final class ReplicaDataSource extends DataSourceSupport {

	private final FailoverDataSource failoverDataSource;

	private final List<DatabaseNode> nodes;

	private final ReplicaSelector selector;

	private final ReadYourWrites readYourWrites;

	private final AtomicInteger next = new AtomicInteger();

	ReplicaDataSource(FailoverDataSource failoverDataSource, List<DatabaseNode> nodes, ReplicaSelector selector,
			ReadYourWrites readYourWrites) {
		this.failoverDataSource = failoverDataSource;
		this.nodes = nodes;
		this.selector = selector;
		this.readYourWrites = readYourWrites;
	}

	@Override
	public Connection getConnection() throws SQLException {
		int size = this.nodes.size();
		int start = Math.floorMod(this.next.getAndIncrement(), size);
		for (int i = 0; i < size; i++) {
			DatabaseNode node = this.nodes.get((start + i) % size);
			if (this.selector.isEligible(node)) {
				try {
					Connection connection = this.readYourWrites.replayedOrNull(node,
							this.failoverDataSource.borrow(node, FailoverDataSource.SLICE_MILLIS));
					if (connection == null) {
						break;
					}
					return connection;
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
