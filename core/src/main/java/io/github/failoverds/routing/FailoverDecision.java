package io.github.failoverds.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.failoverds.health.NodeHealth;
import io.github.failoverds.health.NodeRole;
import io.github.failoverds.health.NodeStatus;
import io.github.failoverds.routing.ActiveNodeChange.Reason;
import io.github.failoverds.routing.Announcement.NewActiveNode;
import io.github.failoverds.routing.Announcement.NodeDown;
import io.github.failoverds.routing.Announcement.NodeUp;
import io.github.failoverds.routing.Announcement.Notice;
import io.github.failoverds.routing.Announcement.RoleChanged;
import io.github.failoverds.routing.Announcement.ServesAgain;
import io.github.failoverds.routing.Announcement.SplitBrainFound;

/**
 * The failover decision, and nothing else: which node is active. Its inputs are the nodes' states (in
 * priority order), its own {@link Memory} from the last decision and the time; its output is an
 * {@link Outcome}: the memory after the decision (with the new active node and the split brain), the
 * change of the active node to record, and what to announce. It holds no pool, no lock and no clock,
 * and has no side effect: {@link FailoverPolicy} snapshots the nodes, calls it under its lock and applies
 * the outcome.
 * <p>
 * The active node is the highest-priority writable node, with these refinements:
 * <ul>
 * <li>while the active node stays writable, a higher-priority node takes over only after it has been
 * UP for the fail-back delay (and only when fail-back is enabled);</li>
 * <li>a manual switchover pins its target until the target is no longer writable or another
 * switchover is made;</li>
 * <li>when no node is writable there is no active node;</li>
 * <li>a split brain (two nodes accept writes at the same time, one of them promoted from a replica)
 * never moves writes: the active node stays, and the other is reported and kept off writes, by fail-back
 * and failover alike, until one of the two reports read-only again (a cluster manager demoted it) or an
 * operator switches over to it. "At the same time" needs evidence: one of the two must have answered a
 * probe as a primary after the other was seen promoted. A node that stopped answering before the
 * promotion (crashed, partitioned) is no such evidence: its replica's promotion is a failover.</li>
 * </ul>
 */
final class FailoverDecision {

	private final boolean failbackEnabled;

	private final Duration failbackDelay;

	/**
	 * Create the decision.
	 * @param failbackEnabled whether to return to a higher-priority node once it is healthy again
	 * @param failbackDelay how long a higher-priority node must be UP before fail-back
	 */
	FailoverDecision(boolean failbackEnabled, Duration failbackDelay) {
		this.failbackEnabled = failbackEnabled;
		this.failbackDelay = failbackDelay;
	}

	/**
	 * Choose the first active node, without announcing it as a change.
	 * @param nodes the nodes' states in priority order
	 * @return the memory to start from
	 */
	Memory initial(List<NodeState> nodes) {
		String first = new Run(nodes, Memory.UNINITIALIZED, null).firstEligible();
		return new Memory(true, first, first, null, List.of(), null);
	}

	/**
	 * Take a change of one node's status or role into account, then decide.
	 * @param nodes the nodes' states in priority order, after the change
	 * @param memory the memory of the last decision
	 * @param change the node's change, or {@code null} if neither its status nor its role changed
	 * @param now the time
	 * @return the outcome
	 */
	Outcome decide(List<NodeState> nodes, Memory memory, NodeChange change, Instant now) {
		Run run = new Run(nodes, memory, now);
		boolean evict = (change != null) && run.announce(change);
		if (memory.initialized()) {
			run.evaluate();
		}
		return run.outcome(evict);
	}

	/**
	 * Switch over by hand to a writable node, and pin it.
	 * @param nodes the nodes' states in priority order
	 * @param memory the memory of the last decision
	 * @param target the node to switch to, writable
	 * @param now the time
	 * @return the outcome, with no change of the active node if the target was already active
	 */
	Outcome switchOver(List<NodeState> nodes, Memory memory, String target, Instant now) {
		Run run = new Run(nodes, memory, now);
		run.pinned = target;
		if (!target.equals(memory.active())) {
			run.switchTo(target, Reason.SWITCHOVER, "manual switchover");
		}
		run.detectSplitBrain();
		return run.outcome(false);
	}

	/**
	 * One decision's working state, thrown away once its outcome is taken.
	 */
	private final class Run {

		private final List<NodeState> nodes;

		private final Instant now;

		private final boolean initialized;

		private String active;

		private String lastActive;

		private String pinned;

		private List<String> splitBrain;

		private String splitBrainActive;

		private ActiveNodeChange change;

		private final List<Announcement> announcements = new ArrayList<>();

		Run(List<NodeState> nodes, Memory memory, Instant now) {
			this.nodes = nodes;
			this.now = now;
			this.initialized = memory.initialized();
			this.active = memory.active();
			this.lastActive = memory.lastActive();
			this.pinned = memory.pinned();
			this.splitBrain = memory.splitBrain();
			this.splitBrainActive = memory.splitBrainActive();
		}

		Outcome outcome(boolean evict) {
			Memory memory = new Memory(this.initialized, this.active, this.lastActive, this.pinned, this.splitBrain,
					this.splitBrainActive);
			return new Outcome(memory, this.change, List.copyOf(this.announcements), evict);
		}

		/**
		 * @return whether the node's pooled connections must be retired: it went DOWN, or it was a primary
		 * and is a replica now (its connections would fail every write)
		 */
		boolean announce(NodeChange nodeChange) {
			NodeHealth.Change change = nodeChange.change();
			String node = nodeChange.node();
			boolean evict = false;
			if (change.statusChanged() && change.previousStatus() != NodeStatus.UNKNOWN) {
				if (change.status() == NodeStatus.DOWN) {
					this.announcements.add(new NodeDown(node, state(node).lastError()));
					evict = true;
				}
				else if (change.status() == NodeStatus.UP) {
					this.announcements.add(new NodeUp(node));
				}
			}
			if (change.roleChanged()) {
				this.announcements.add(new RoleChanged(node, change.previousRole(), change.role()));
				evict |= change.previousRole() == NodeRole.PRIMARY && change.role() == NodeRole.REPLICA;
			}
			return evict;
		}

		void evaluate() {
			String current = this.active;
			if (this.pinned != null && !state(this.pinned).isWritable()) {
				this.pinned = null;
			}
			if (this.pinned == null && current != null && state(current).isWritable()) {
				String failback = failbackCandidate(current);
				if (failback != null) {
					switchTo(failback, Reason.FAILBACK, "'" + failback + "' has been UP for at least "
							+ FailoverDecision.this.failbackDelay.toMillis() + " ms");
				}
			}
			else if (this.pinned == null) {
				failOver(current);
			}
			detectSplitBrain();
		}

		private void failOver(String current) {
			String next = firstEligible();
			if (next != null && next.equals(this.lastActive)) {
				this.announcements.add(new ServesAgain(next));
				this.active = next;
			}
			else if (next != null) {
				String lost = (current != null) ? current : this.lastActive;
				String why = (lost != null) ? "'" + lost + "' is " + state(lost).describe() : "no node was available";
				switchTo(next, Reason.FAILOVER, why);
			}
			else if (current != null) {
				this.announcements.add(Notice.NO_WRITABLE_NODE);
				this.active = null;
			}
		}

		private String failbackCandidate(String current) {
			if (!FailoverDecision.this.failbackEnabled) {
				return null;
			}
			for (NodeState node : this.nodes) {
				if (node.name().equals(current)) {
					return null;
				}
				if (isEligible(node) && !isSplitBrain(state(current), node)
						&& node.upFor(this.now).compareTo(FailoverDecision.this.failbackDelay) >= 0) {
					return node.name();
				}
			}
			return null;
		}

		void detectSplitBrain() {
			NodeState current = (this.active != null) ? state(this.active) : null;
			List<String> others = this.nodes.stream()
				.filter((node) -> current == null || !node.name().equals(current.name()))
				.filter((node) -> isFenced(node) || (current != null && isSplitBrain(current, node)))
				.map(NodeState::name)
				.toList();
			if (others.equals(this.splitBrain)) {
				return;
			}
			boolean newlyFound = !this.splitBrain.containsAll(others);
			this.splitBrain = others;
			if (newlyFound) {
				this.splitBrainActive = this.active;
				this.announcements.add(new SplitBrainFound(this.active, others));
			}
			else if (others.isEmpty()) {
				this.announcements.add(Notice.SPLIT_BRAIN_OVER);
			}
		}

		/**
		 * Whether a node found in a split brain is still kept off writes: until it, or the node that was
		 * active when the split brain was found, reports read-only again.
		 */
		private boolean isFenced(NodeState node) {
			return this.splitBrain.contains(node.name()) && node.role() != NodeRole.REPLICA
					&& state(this.splitBrainActive).role() != NodeRole.REPLICA;
		}

		private boolean isEligible(NodeState node) {
			return node.isWritable() && !isFenced(node);
		}

		String firstEligible() {
			for (NodeState node : this.nodes) {
				if (isEligible(node)) {
					return node.name();
				}
			}
			return null;
		}

		void switchTo(String target, Reason reason, String detail) {
			this.change = new ActiveNodeChange(this.now, this.active, target, reason, detail);
			this.active = target;
			this.lastActive = target;
			this.announcements.add(new NewActiveNode(this.change));
		}

		private NodeState state(String name) {
			for (NodeState node : this.nodes) {
				if (node.name().equals(name)) {
					return node;
				}
			}
			throw new IllegalArgumentException("Unknown node '" + name + "'");
		}

	}

	/**
	 * Whether two nodes accept writes at the same time, one of them promoted: the other answered as a
	 * primary after the promotion was seen.
	 */
	private static boolean isSplitBrain(NodeState active, NodeState other) {
		return active.role() == NodeRole.PRIMARY && other.isWritable() && other.role() == NodeRole.PRIMARY
				&& (answeredAsPrimaryAfterPromotionOf(active, other) || answeredAsPrimaryAfterPromotionOf(other, active));
	}

	private static boolean answeredAsPrimaryAfterPromotionOf(NodeState witness, NodeState promoted) {
		Instant promotedAt = promoted.promotedAt();
		Instant answer = witness.lastPrimaryAnswer();
		return promotedAt != null && answer != null && answer.isAfter(promotedAt);
	}

	/**
	 * What the decision reads of one node, frozen at one moment.
	 *
	 * @param name the node's name
	 * @param status its status
	 * @param role its last known role
	 * @param upSince when it was last marked UP, or {@code null}
	 * @param promotedAt when it was seen promoted from a replica, or {@code null}
	 * @param lastPrimaryAnswer when it last answered as a primary, or {@code null}
	 * @param lastError its last error, or {@code null}
	 */
	record NodeState(String name, NodeStatus status, NodeRole role, Instant upSince, Instant promotedAt,
			Instant lastPrimaryAnswer, String lastError) {

		/**
		 * Freeze a node's health.
		 * @param name the node's name
		 * @param health its health
		 * @return the state
		 */
		static NodeState of(String name, NodeHealth health) {
			return new NodeState(name, health.status(), health.role(), health.upSince(), health.promotedAt(),
					health.lastPrimaryAnswer(), health.lastError());
		}

		boolean isWritable() {
			return this.status == NodeStatus.UP && this.role.isWritable();
		}

		Duration upFor(Instant now) {
			return (this.status == NodeStatus.UP && this.upSince != null) ? Duration.between(this.upSince, now)
					: Duration.ZERO;
		}

		String describe() {
			return (this.status != NodeStatus.UP) ? "DOWN: " + this.lastError : "read-only (role " + this.role + ")";
		}

	}

	/**
	 * A change of one node's status or role, as its health recorded it.
	 *
	 * @param node the node's name
	 * @param change the change
	 */
	record NodeChange(String node, NodeHealth.Change change) {
	}

	/**
	 * What the decision remembers from one call to the next.
	 *
	 * @param initialized whether the first active node was chosen (before that, changes are only announced)
	 * @param active the active node, or {@code null} when no node is writable
	 * @param lastActive the last node that was active, kept while none is
	 * @param pinned the target of a manual switchover while it stays writable, or {@code null}
	 * @param splitBrain the nodes kept off writes after a split brain, empty when there is none
	 * @param splitBrainActive the active node when the split brain was found, or {@code null}
	 */
	record Memory(boolean initialized, String active, String lastActive, String pinned, List<String> splitBrain,
			String splitBrainActive) {

		/** Before the first active node was chosen. */
		static final Memory UNINITIALIZED = new Memory(false, null, null, null, List.of(), null);

	}

	/**
	 * What one decision came to.
	 *
	 * @param memory the memory after it, with the active node and the split brain
	 * @param change the change of the active node to record, or {@code null} if there was none
	 * @param announcements what to log and tell the listeners, in this order
	 * @param evict whether the changed node's pooled connections must be retired
	 */
	record Outcome(Memory memory, ActiveNodeChange change, List<Announcement> announcements, boolean evict) {
	}

}
