package io.github.failoverds.routing;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.github.failoverds.routing.ActiveNodeChange.Reason;

/**
 * A listener that records node and routing changes with the {@link System#nanoTime()} at which they
 * were announced, for assertions on when and how often they happened.
 */
final class EventRecorder implements FailoverListener {

	private final Queue<Timed<ActiveNodeChange>> activeNodeChanges = new ConcurrentLinkedQueue<>();

	private final Queue<Timed<String>> nodesDown = new ConcurrentLinkedQueue<>();

	@Override
	public void onNodeDown(DatabaseNode node, String reason) {
		this.nodesDown.add(new Timed<>(System.nanoTime(), node.name()));
	}

	@Override
	public void onActiveNodeChange(ActiveNodeChange event) {
		this.activeNodeChanges.add(new Timed<>(System.nanoTime(), event));
	}

	/**
	 * Every change of the active node, oldest first.
	 * @return a copy of the changes
	 */
	List<Timed<ActiveNodeChange>> activeNodeChanges() {
		return List.copyOf(this.activeNodeChanges);
	}

	/**
	 * The changes of the active node for one reason, oldest first.
	 * @param reason the reason
	 * @return a copy of the changes
	 */
	List<Timed<ActiveNodeChange>> activeNodeChanges(Reason reason) {
		return this.activeNodeChanges.stream().filter((change) -> change.value().reason() == reason).toList();
	}

	/**
	 * When nodes went DOWN, oldest first.
	 * @return a copy of the node names with their times
	 */
	List<Timed<String>> nodesDown() {
		return List.copyOf(this.nodesDown);
	}

	/**
	 * When a node first went DOWN at or after a moment.
	 * @param node the node name
	 * @param sinceNanos the moment ({@link System#nanoTime()})
	 * @return the time, or {@code null} if it did not
	 */
	Long firstDownSince(String node, long sinceNanos) {
		return this.nodesDown.stream()
			.filter((down) -> down.value().equals(node) && down.nanos() - sinceNanos >= 0)
			.map(Timed::nanos)
			.findFirst()
			.orElse(null);
	}

	/**
	 * A value with the moment it was recorded.
	 *
	 * @param <T> the value's type
	 * @param nanos when ({@link System#nanoTime()})
	 * @param value the value
	 */
	record Timed<T>(long nanos, T value) {
	}

}
