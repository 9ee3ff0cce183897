package io.github.failoverds.benchmarks.failover;

import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.github.failoverds.routing.DatabaseNode;
import io.github.failoverds.routing.FailoverListener;

/**
 * Notes when the failover data source marks one node DOWN or UP: its detection of a fault, or of the
 * node's return.
 */
final class StatusChangeListener implements FailoverListener {

	private final String node;

	private final Queue<Long> changes = new ConcurrentLinkedQueue<>();

	StatusChangeListener(String node) {
		this.node = node;
	}

	@Override
	public void onNodeDown(DatabaseNode node, String reason) {
		record(node);
	}

	@Override
	public void onNodeUp(DatabaseNode node) {
		record(node);
	}

	private void record(DatabaseNode node) {
		if (node.name().equals(this.node)) {
			this.changes.add(System.nanoTime());
		}
	}

	/**
	 * The first status change of the node at or after a moment.
	 * @param sinceNanos the moment ({@link System#nanoTime()})
	 * @return when the change happened, empty if none did
	 */
	OptionalLong firstChangeSince(long sinceNanos) {
		return this.changes.stream().mapToLong(Long::longValue).filter((at) -> at >= sinceNanos).min();
	}

}
