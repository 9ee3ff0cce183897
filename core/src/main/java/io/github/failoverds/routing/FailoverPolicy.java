package io.github.failoverds.routing;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.failoverds.health.NodeRole;
import io.github.failoverds.health.NodeStatus;
import io.github.failoverds.health.NodeHealth;
import io.github.failoverds.health.ProbeResult;
import io.github.failoverds.routing.FailoverEvent.Reason;

/**
 * The failover decision: which node is active. The active node is the highest-priority writable node,
 * with three refinements:
 * <ul>
 * <li>while the active node stays writable, a higher-priority node takes over only after it has been
 * UP for the fail-back delay (and only when fail-back is enabled);</li>
 * <li>a manual switchover pins its target until the target is no longer writable or another
 * switchover is made;</li>
 * <li>when no node is writable there is no active node, and borrows fail fast;</li>
 * <li>a split brain (another node accepts writes too, and the active node or that node was promoted
 * from a replica) never moves writes: the active node stays, and the other is reported and kept off
 * writes, by fail-back and failover alike, until one of the two reports read-only again (a cluster
 * manager demoted it) or an operator switches over to it.</li>
 * </ul>
 * Decisions are made on state changes and after every probe, under this object's lock; the borrow
 * path only reads the volatile {@link #active()} reference.
 */
public final class FailoverPolicy {

	private static final Logger logger = LoggerFactory.getLogger(FailoverPolicy.class);

	private static final int RECENT_EVENTS = 50;

	private final List<DatabaseNode> nodes;

	private final boolean failbackEnabled;

	private final Duration failbackDelay;

	private final Clock clock;

	private final List<FailoverListener> listeners;

	private final Deque<FailoverEvent> recentEvents = new ArrayDeque<>();

	private final AtomicLong activeNodeChanges = new AtomicLong();

	private volatile DatabaseNode active;

	private DatabaseNode lastActive;

	private DatabaseNode pinned;

	private boolean initialized;

	private List<DatabaseNode> splitBrain = List.of();

	private DatabaseNode splitBrainActive;

	/**
	 * Create the policy.
	 * @param nodes the nodes in priority order
	 * @param failbackEnabled whether to return to a higher-priority node once it is healthy again
	 * @param failbackDelay how long a higher-priority node must be UP before fail-back
	 * @param clock the time source
	 * @param listeners told of every change
	 */
	public FailoverPolicy(List<DatabaseNode> nodes, boolean failbackEnabled, Duration failbackDelay, Clock clock,
			List<FailoverListener> listeners) {
		this.nodes = List.copyOf(nodes);
		this.failbackEnabled = failbackEnabled;
		this.failbackDelay = failbackDelay;
		this.clock = clock;
		this.listeners = List.copyOf(listeners);
	}

	/**
	 * The node new connections go to.
	 * @return the active node, or {@code null} when no node is writable
	 */
	public DatabaseNode active() {
		return this.active;
	}

	/**
	 * Choose the first active node, without announcing it as a change.
	 */
	synchronized void initialize() {
		this.active = firstWritable();
		this.lastActive = this.active;
		this.initialized = true;
	}

	/**
	 * Take a probe result of a node into account.
	 * @param node the probed node
	 * @param result the result
	 */
	void onProbe(DatabaseNode node, ProbeResult result) {
		notifyListeners((listener) -> listener.onProbe(node, result));
		synchronized (this) {
			announce(node, node.health().record(result));
			evaluate();
		}
	}

	/**
	 * A borrow from the node failed with a connection-class error: mark it DOWN now.
	 * @param node the node
	 * @param failure the error
	 */
	void onBorrowFailure(DatabaseNode node, SQLException failure) {
		synchronized (this) {
			NodeHealth.Change change = node.health().markDown("borrow failed: " + node.masker().describe(failure));
			if (change != null) {
				announce(node, change);
				evaluate();
			}
		}
	}

	/**
	 * Switch over by hand. The target stays active until it is no longer writable or another switchover
	 * is made.
	 * @param target the name of the node to switch to
	 * @return the event, or {@code null} if the target was already active (it is pinned all the same)
	 * @throws IllegalArgumentException for an unknown node
	 * @throws IllegalStateException for a node that is not UP and writable
	 */
	public synchronized FailoverEvent switchOver(String target) {
		DatabaseNode node = this.nodes.stream()
			.filter((candidate) -> candidate.name().equals(target))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(
					"Unknown node '" + target + "'; the nodes are " + this.nodes.stream().map(DatabaseNode::name).toList()));
		if (!node.isWritable()) {
			throw new IllegalStateException("Node '" + target + "' cannot take over: it is "
					+ node.health().status() + " with role " + node.health().role());
		}
		this.pinned = node;
		return (node != this.active) ? switchTo(node, Reason.SWITCHOVER, "manual switchover") : null;
	}

	/**
	 * The last changes of the active node, oldest first.
	 * @return a copy of the recent events
	 */
	public synchronized List<FailoverEvent> recentEvents() {
		return new ArrayList<>(this.recentEvents);
	}

	/**
	 * The nodes kept off writes because they accepted writes besides the active node (a split brain),
	 * including one that has gone DOWN since.
	 * @return their names, empty when there is no split brain
	 */
	public synchronized List<String> splitBrainNodes() {
		return this.splitBrain.stream().map(DatabaseNode::name).toList();
	}

	/**
	 * How many times the active node changed since start.
	 * @return the count
	 */
	public long activeNodeChanges() {
		return this.activeNodeChanges.get();
	}

	private void announce(DatabaseNode node, NodeHealth.Change change) {
		if (change == null) {
			return;
		}
		if (change.statusChanged() && change.previousStatus() != NodeStatus.UNKNOWN) {
			if (change.status() == NodeStatus.DOWN) {
				logger.warn("Database node '{}' is DOWN: {}", node.name(), node.health().lastError());
				node.evictConnections();
				notifyListeners((listener) -> listener.onNodeDown(node, node.health().lastError()));
			}
			else if (change.status() == NodeStatus.UP) {
				logger.info("Database node '{}' is UP again", node.name());
				notifyListeners((listener) -> listener.onNodeUp(node));
			}
		}
		if (change.roleChanged() && change.status() == NodeStatus.UP) {
			logger.info("Database node '{}' changed role from {} to {}", node.name(), change.previousRole(),
					change.role());
			notifyListeners((listener) -> listener.onRoleChange(node, change.previousRole()));
		}
	}

	private void evaluate() {
		if (!this.initialized) {
			return;
		}
		DatabaseNode current = this.active;
		if (this.pinned != null && !this.pinned.isWritable()) {
			this.pinned = null;
		}
		if (this.pinned == null && current != null && current.isWritable()) {
			DatabaseNode failback = failbackCandidate(current);
			if (failback != null) {
				switchTo(failback, Reason.FAILBACK,
						"'" + failback.name() + "' has been UP for at least " + this.failbackDelay.toMillis() + " ms");
			}
		}
		else if (this.pinned == null) {
			failOver(current);
		}
		detectSplitBrain();
	}

	private void failOver(DatabaseNode current) {
		DatabaseNode next = firstWritable();
		if (next != null && next == this.lastActive) {
			logger.info("Database node '{}' serves again", next.name());
			this.active = next;
		}
		else if (next != null) {
			String why = (current != null) ? "'" + current.name() + "' is " + describe(current) : "no node was available";
			switchTo(next, Reason.FAILOVER, why);
		}
		else if (current != null) {
			logger.error("No writable node is available; every borrow fails until one recovers");
			this.active = null;
		}
	}

	private DatabaseNode failbackCandidate(DatabaseNode current) {
		if (!this.failbackEnabled) {
			return null;
		}
		Instant now = this.clock.instant();
		for (DatabaseNode node : this.nodes) {
			if (node == current) {
				return null;
			}
			if (isEligible(node) && !isSplitBrain(current, node)
					&& node.health().upFor(now).compareTo(this.failbackDelay) >= 0) {
				return node;
			}
		}
		return null;
	}

	private void detectSplitBrain() {
		DatabaseNode current = this.active;
		List<DatabaseNode> others = this.nodes.stream()
			.filter((node) -> node != current
					&& (isFenced(node) || (current != null && isSplitBrain(current, node))))
			.toList();
		if (others.equals(this.splitBrain)) {
			return;
		}
		boolean newlyFound = !this.splitBrain.containsAll(others);
		this.splitBrain = others;
		if (newlyFound) {
			this.splitBrainActive = current;
			logger.warn("Split brain: {} accept writes besides the active node '{}'; writes stay on '{}'",
					others.stream().map(DatabaseNode::name).toList(), current.name(), current.name());
			notifyListeners((listener) -> listener.onSplitBrain(current, others));
		}
		else if (others.isEmpty()) {
			logger.info("Split brain is over: a node on one side of it reports read-only");
		}
	}

	private static boolean isSplitBrain(DatabaseNode active, DatabaseNode other) {
		return active.health().role() == NodeRole.PRIMARY && other.isWritable()
				&& other.health().role() == NodeRole.PRIMARY
				&& (active.health().wasPromoted() || other.health().wasPromoted());
	}

	/**
	 * Whether a node found in a split brain is still kept off writes: until it, or the node that was
	 * active when the split brain was found, reports read-only again.
	 */
	private boolean isFenced(DatabaseNode node) {
		return this.splitBrain.contains(node) && node.health().role() != NodeRole.REPLICA
				&& this.splitBrainActive.health().role() != NodeRole.REPLICA;
	}

	private boolean isEligible(DatabaseNode node) {
		return node.isWritable() && !isFenced(node);
	}

	private DatabaseNode firstWritable() {
		for (DatabaseNode node : this.nodes) {
			if (isEligible(node)) {
				return node;
			}
		}
		return null;
	}

	private static String describe(DatabaseNode node) {
		NodeHealth health = node.health();
		if (!health.isUp()) {
			return "DOWN: " + health.lastError();
		}
		return "read-only (role " + health.role() + ")";
	}

	/**
	 * Tell every listener; one that throws is logged and neither stops the others nor reaches the probe
	 * loop or the borrowing thread.
	 */
	private void notifyListeners(Consumer<FailoverListener> notification) {
		for (FailoverListener listener : this.listeners) {
			try {
				notification.accept(listener);
			}
			catch (RuntimeException ex) {
				logger.warn("Failover listener {} failed", listener.getClass().getName(), ex);
			}
		}
	}

	private FailoverEvent switchTo(DatabaseNode target, Reason reason, String detail) {
		String from = (this.lastActive != null) ? this.lastActive.name() : null;
		String fromText = (from != null) ? "'" + from + "'" : "no node";
		FailoverEvent event = new FailoverEvent(this.clock.instant(), from, target.name(), reason, detail);
		this.active = target;
		this.lastActive = target;
		this.activeNodeChanges.incrementAndGet();
		if (this.recentEvents.size() == RECENT_EVENTS) {
			this.recentEvents.removeFirst();
		}
		this.recentEvents.addLast(event);
		if (reason == Reason.FAILOVER) {
			logger.warn("Failover from {} to '{}': {}", fromText, target.name(), detail);
		}
		else {
			logger.info("{} from {} to '{}': {}", (reason == Reason.FAILBACK) ? "Fail-back" : "Switchover", fromText,
					target.name(), detail);
		}
		notifyListeners((listener) -> listener.onActiveNodeChange(event));
		return event;
	}

}
