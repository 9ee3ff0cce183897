package io.github.failoverds.routing;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.failoverds.health.NodeHealth;
import io.github.failoverds.health.NodeRole;
import io.github.failoverds.health.NodeStatus;
import io.github.failoverds.health.ProbeResult;
import io.github.failoverds.routing.FailoverEvent.Reason;

/**
 * The failover decision: which node is active. The active node is the highest-priority writable node,
 * with these refinements:
 * <ul>
 * <li>while the active node stays writable, a higher-priority node takes over only after it has been
 * UP for the fail-back delay (and only when fail-back is enabled);</li>
 * <li>a manual switchover pins its target until the target is no longer writable or another
 * switchover is made;</li>
 * <li>when no node is writable there is no active node; borrows then wait for one (see
 * {@link WritableNodeSignal}) and every node is probed urgently;</li>
 * <li>a split brain (two nodes accept writes at the same time, one of them promoted from a replica)
 * never moves writes: the active node stays, and the other is reported and kept off writes, by fail-back
 * and failover alike, until one of the two reports read-only again (a cluster manager demoted it) or an
 * operator switches over to it. "At the same time" needs evidence: one of the two must have answered a
 * probe as a primary after the other was seen promoted. A node that stopped answering before the
 * promotion (crashed, partitioned) is no such evidence: its replica's promotion is a failover.</li>
 * </ul>
 * Decisions are made on state changes and after every probe, under this object's lock, which request
 * threads take only when a borrow failed. The borrow path reads the volatile {@link #active()}
 * reference; health and the endpoint read volatile snapshots and the {@link FailoverHistory}. What a
 * decision announces (log lines, listener calls, pool eviction) happens after the lock is released: see
 * {@link FailoverNotifier}.
 */
public final class FailoverPolicy {

	private static final Logger logger = LoggerFactory.getLogger(FailoverPolicy.class);

	private final List<DatabaseNode> nodes;

	private final boolean failbackEnabled;

	private final Duration failbackDelay;

	private final Clock clock;

	private final FailoverNotifier notifier;

	private final FailoverHistory history = new FailoverHistory();

	private final WritableNodeSignal writableSignal = new WritableNodeSignal();

	private final Consumer<Boolean> urgency;

	private volatile DatabaseNode active;

	private volatile List<String> splitBrainNames = List.of();

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
	 * @param notifier delivers what the decisions announce
	 * @param urgency told {@code true} when no node is writable any more, {@code false} when one is again
	 */
	FailoverPolicy(List<DatabaseNode> nodes, boolean failbackEnabled, Duration failbackDelay, Clock clock,
			FailoverNotifier notifier, Consumer<Boolean> urgency) {
		this.nodes = List.copyOf(nodes);
		this.failbackEnabled = failbackEnabled;
		this.failbackDelay = failbackDelay;
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
		this.initialized = true;
		setActive(firstEligible());
		this.lastActive = this.active;
	}

	/**
	 * Take a probe result of a node into account.
	 * @param node the probed node
	 * @param result the result
	 */
	void onProbe(DatabaseNode node, ProbeResult result) {
		boolean evict;
		synchronized (this) {
			this.notifier.publish((listener) -> listener.onProbe(node, result));
			evict = announce(node, node.health().record(result));
			evaluate();
		}
		afterDecision(node, evict);
	}

	/**
	 * A borrow from the node failed with a connection-class error: mark it DOWN now.
	 * @param node the node
	 * @param failure the error
	 */
	void onBorrowFailure(DatabaseNode node, SQLException failure) {
		boolean evict;
		synchronized (this) {
			evict = announce(node, node.health().markDown("borrow failed: " + node.masker().describe(failure)));
			evaluate();
		}
		afterDecision(node, evict);
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
	public FailoverEvent switchOver(String target) {
		DatabaseNode node = this.nodes.stream()
			.filter((candidate) -> candidate.name().equals(target))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(
					"Unknown node '" + target + "'; the nodes are " + this.nodes.stream().map(DatabaseNode::name).toList()));
		FailoverEvent event;
		synchronized (this) {
			if (!node.isWritable()) {
				throw new IllegalStateException("Node '" + target + "' cannot take over: it is "
						+ node.health().status() + " with role " + node.health().role());
			}
			this.pinned = node;
			event = (node != this.active) ? switchTo(node, Reason.SWITCHOVER, "manual switchover") : null;
			detectSplitBrain();
		}
		this.notifier.flush();
		return event;
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
	public List<FailoverEvent> recentEvents() {
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

	/**
	 * Announce a change of a node's status or role.
	 * @return whether the node's pooled connections must be retired: it went DOWN, or it was a primary
	 * and is a replica now (its connections would fail every write)
	 */
	private boolean announce(DatabaseNode node, NodeHealth.Change change) {
		if (change == null) {
			return false;
		}
		boolean evict = false;
		if (change.statusChanged() && change.previousStatus() != NodeStatus.UNKNOWN) {
			if (change.status() == NodeStatus.DOWN) {
				String reason = node.health().lastError();
				log(() -> logger.warn("Database node '{}' is DOWN: {}", node.name(), reason));
				this.notifier.publish((listener) -> listener.onNodeDown(node, reason));
				evict = true;
			}
			else if (change.status() == NodeStatus.UP) {
				log(() -> logger.info("Database node '{}' is UP again", node.name()));
				this.notifier.publish((listener) -> listener.onNodeUp(node));
			}
		}
		if (change.roleChanged()) {
			NodeRole previous = change.previousRole();
			NodeRole current = change.role();
			log(() -> logger.info("Database node '{}' changed role from {} to {}", node.name(), previous, current));
			this.notifier.publish((listener) -> listener.onRoleChange(node, previous, current));
			evict |= previous == NodeRole.PRIMARY && current == NodeRole.REPLICA;
		}
		return evict;
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
		DatabaseNode next = firstEligible();
		if (next != null && next == this.lastActive) {
			log(() -> logger.info("Database node '{}' serves again", next.name()));
			setActive(next);
		}
		else if (next != null) {
			DatabaseNode lost = (current != null) ? current : this.lastActive;
			String why = (lost != null) ? "'" + lost.name() + "' is " + describe(lost) : "no node was available";
			switchTo(next, Reason.FAILOVER, why);
		}
		else if (current != null) {
			log(() -> logger.error("No writable node is available; borrows wait for one, within their budget"));
			setActive(null);
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
		this.splitBrainNames = others.stream().map(DatabaseNode::name).toList();
		if (newlyFound) {
			this.splitBrainActive = current;
			List<String> names = this.splitBrainNames;
			log(() -> logger.warn("Split brain: {} accept writes besides the active node '{}'; writes stay on '{}'",
					names, current.name(), current.name()));
			this.notifier.publish((listener) -> listener.onSplitBrain(current, others));
		}
		else if (others.isEmpty()) {
			log(() -> logger.info("Split brain is over: a node on one side of it reports read-only"));
		}
	}

	/**
	 * Whether two nodes accept writes at the same time, one of them promoted: the other answered as a
	 * primary after the promotion was seen.
	 */
	private static boolean isSplitBrain(DatabaseNode active, DatabaseNode other) {
		return active.health().role() == NodeRole.PRIMARY && other.isWritable()
				&& other.health().role() == NodeRole.PRIMARY
				&& (answeredAsPrimaryAfterPromotionOf(active, other) || answeredAsPrimaryAfterPromotionOf(other, active));
	}

	private static boolean answeredAsPrimaryAfterPromotionOf(DatabaseNode witness, DatabaseNode promoted) {
		Instant promotedAt = promoted.health().promotedAt();
		Instant answer = witness.health().lastPrimaryAnswer();
		return promotedAt != null && answer != null && answer.isAfter(promotedAt);
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

	private DatabaseNode firstEligible() {
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

	private FailoverEvent switchTo(DatabaseNode target, Reason reason, String detail) {
		String from = (this.active != null) ? this.active.name() : null;
		FailoverEvent event = new FailoverEvent(this.clock.instant(), from, target.name(), reason, detail);
		setActive(target);
		this.lastActive = target;
		this.history.record(event);
		String fromText = (from != null) ? "'" + from + "'" : "no node";
		if (reason == Reason.FAILOVER) {
			log(() -> logger.warn("Failover from {} to '{}': {}", fromText, target.name(), detail));
		}
		else {
			log(() -> logger.info("{} from {} to '{}': {}", (reason == Reason.FAILBACK) ? "Fail-back" : "Switchover",
					fromText, target.name(), detail));
		}
		this.notifier.publish((listener) -> listener.onActiveNodeChange(event));
		return event;
	}

	private void log(Runnable statement) {
		this.notifier.enqueue(statement);
	}

}
