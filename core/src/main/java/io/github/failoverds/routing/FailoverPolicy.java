package io.github.failoverds.routing;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.failoverds.health.NodeHealth;
import io.github.failoverds.health.ProbeResult;
import io.github.failoverds.routing.FailoverDecision.Memory;
import io.github.failoverds.routing.FailoverDecision.NodeChange;
import io.github.failoverds.routing.FailoverDecision.NodeState;
import io.github.failoverds.routing.FailoverDecision.Outcome;

/**
 * Applies the {@link FailoverDecision}: holds the active node, the decision's memory and the lock under
 * which decisions are made. On every probe result, borrow failure and switchover it records the node's
 * change in its health, snapshots every node's health, asks the decision, and applies the outcome: the
 * active node (and {@link WritableNodeSignal} and the probe loop's urgency when no node is writable),
 * the {@link FailoverHistory}, the announcements for the {@link FailoverNotifier} and the eviction of a
 * node's connections.
 * <p>
 * Decisions are made on state changes and after every probe, under this object's lock, which request
 * threads take only when a borrow failed. The borrow path reads the volatile {@link #active()}
 * reference; health and the endpoint read volatile snapshots and the {@link FailoverHistory}. What a
 * decision announces (log lines, listener calls, pool eviction) happens after the lock is released.
 */
public final class FailoverPolicy {

	private static final Logger logger = LoggerFactory.getLogger(FailoverPolicy.class);

	private final List<DatabaseNode> nodes;

	private final Map<String, DatabaseNode> nodesByName = new HashMap<>();

	private final FailoverDecision decision;

	private final Clock clock;

	private final FailoverNotifier notifier;

	private final FailoverHistory history = new FailoverHistory();

	private final WritableNodeSignal writableSignal = new WritableNodeSignal();

	private final Consumer<Boolean> urgency;

	private volatile DatabaseNode active;

	private volatile List<String> splitBrainNames = List.of();

	private Memory memory = Memory.UNINITIALIZED;

	/**
	 * Create the policy.
	 * @param nodes the nodes in priority order
	 * @param failbackEnabled whether to return to a higher-priority node once it is healthy again
	 * @param failbackDelay how long a higher-priority node must be UP before fail-back
	 * @param clock the time source
	 * @param notifier delivers what the decisions announce
	 * @param urgency told {@code true} when no node is writable any more, {@code false} when one is again
	 */
	FailoverPolicy(List<DatabaseNode> nodes, boolean failbackEnabled, Duration failbackDelay, Clock clock,
			FailoverNotifier notifier, Consumer<Boolean> urgency) {
		this.nodes = List.copyOf(nodes);
		this.nodes.forEach((node) -> this.nodesByName.put(node.name(), node));
		this.decision = new FailoverDecision(failbackEnabled, failbackDelay);
		this.clock = clock;
		this.notifier = notifier;
		this.urgency = urgency;
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
		this.memory = this.decision.initial(states());
		setActive(node(this.memory.active()));
	}

	/**
	 * Take a probe result of a node into account.
	 * @param node the probed node
	 * @param result the result
	 */
	void onProbe(DatabaseNode node, ProbeResult result) {
		Outcome outcome;
		synchronized (this) {
			this.notifier.publish((listener) -> listener.onProbe(node, result));
			outcome = decide(node, node.health().record(result));
		}
		afterDecision(node, outcome.evict());
	}

	/**
	 * A borrow from the node failed with a connection-class error: mark it DOWN now.
	 * @param node the node
	 * @param failure the error
	 */
	void onBorrowFailure(DatabaseNode node, SQLException failure) {
		Outcome outcome;
		synchronized (this) {
			outcome = decide(node,
					node.health().markDown("borrow failed: " + node.masker().describe(failure)));
		}
		afterDecision(node, outcome.evict());
	}

	private Outcome decide(DatabaseNode node, NodeHealth.Change change) {
		NodeChange nodeChange = (change != null) ? new NodeChange(node.name(), change) : null;
		return apply(this.decision.decide(states(), this.memory, nodeChange, this.clock.instant()));
	}

	private void afterDecision(DatabaseNode node, boolean evict) {
		if (evict) {
			node.evictConnections();
		}
		this.notifier.flush();
	}

	/**
	 * Switch over by hand. The target stays active until it is no longer writable or another switchover
	 * is made.
	 * @param target the name of the node to switch to
	 * @return the event, or {@code null} if the target was already active (it is pinned all the same)
	 * @throws IllegalArgumentException for an unknown node
	 * @throws IllegalStateException for a node that is not UP and writable
	 */
	public ActiveNodeChange switchOver(String target) {
		DatabaseNode node = this.nodesByName.get(target);
		if (node == null) {
			throw new IllegalArgumentException(
					"Unknown node '" + target + "'; the nodes are " + this.nodes.stream().map(DatabaseNode::name).toList());
		}
		Outcome outcome;
		synchronized (this) {
			if (!node.isWritable()) {
				throw new IllegalStateException("Node '" + target + "' cannot take over: it is "
						+ node.health().status() + " with role " + node.health().role());
			}
			outcome = apply(this.decision.switchOver(states(), this.memory, target, this.clock.instant()));
		}
		this.notifier.flush();
		return outcome.change();
	}

	/**
	 * The changes of the active node since start.
	 * @return the history
	 */
	public FailoverHistory history() {
		return this.history;
	}

	/**
	 * The last changes of the active node, oldest first.
	 * @return a copy of the recent events
	 */
	public List<ActiveNodeChange> recentEvents() {
		return this.history.recentEvents();
	}

	/**
	 * The nodes kept off writes because they accepted writes besides the active node (a split brain),
	 * including one that has gone DOWN since.
	 * @return their names, empty when there is no split brain
	 */
	public List<String> splitBrainNodes() {
		return this.splitBrainNames;
	}

	/**
	 * How many times the active node changed since start, for any reason.
	 * @return the count
	 */
	public long activeNodeChanges() {
		return this.history.activeNodeChanges();
	}

	/**
	 * How many borrows are waiting for a writable node now.
	 * @return the count
	 */
	public int waitingBorrows() {
		return this.writableSignal.waiting();
	}

	WritableNodeSignal writableSignal() {
		return this.writableSignal;
	}

	FailoverNotifier notifier() {
		return this.notifier;
	}

	private List<NodeState> states() {
		return this.nodes.stream().map((node) -> NodeState.of(node.name(), node.health())).toList();
	}

	/**
	 * Apply an outcome under the lock: the active node, the split brain, the history, and the
	 * announcements queued in their order.
	 */
	private Outcome apply(Outcome outcome) {
		Memory next = outcome.memory();
		if (!Objects.equals(next.active(), this.memory.active())) {
			setActive(node(next.active()));
		}
		this.memory = next;
		this.splitBrainNames = next.splitBrain();
		if (outcome.change() != null) {
			this.history.record(outcome.change());
		}
		for (Announcement announcement : outcome.announcements()) {
			this.notifier.enqueue(() -> announcement.log(logger));
			if (announcement.notifiesListeners()) {
				this.notifier.publish((listener) -> announcement.notify(listener, this::node));
			}
		}
		return outcome;
	}

	private DatabaseNode node(String name) {
		return (name != null) ? this.nodesByName.get(name) : null;
	}

	/**
	 * Set the active node, and tell waiting borrows and the probe loop whether there is one.
	 */
	private void setActive(DatabaseNode node) {
		if (node == null) {
			this.writableSignal.block();
			this.active = null;
		}
		else {
			this.active = node;
			this.writableSignal.release();
		}
		this.urgency.accept(node == null);
	}

}
