package io.github.failoverds.actuate;

import java.time.Instant;
import java.util.List;

import io.github.failoverds.health.NodeHealth;
import io.github.failoverds.health.ProbeHistory;
import io.github.failoverds.health.ProbeResult;
import io.github.failoverds.leak.SuspectedLeak;
import io.github.failoverds.routing.ActiveNodeChange.Reason;
import io.github.failoverds.routing.ActiveNodeChange;
import io.github.failoverds.routing.DatabaseNode;
import io.github.failoverds.routing.FailoverDataSource;
import io.github.failoverds.routing.FailoverHistory;
import io.github.failoverds.routing.ReplicaSelector;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code failover} endpoint. Read: the nodes in priority order with their state, a replica's lag,
 * pool figures, probe history and probe totals; the active node; the recent changes of the active node; the
 * suspected connection leaks. Write: a manual switchover to a named node, which then stays active
 * until it goes DOWN (or stops accepting writes) or another switchover is made.
 */
@Endpoint(id = "failover")
public class FailoverEndpoint {

	private final FailoverDataSource dataSource;

	/**
	 * Create the endpoint.
	 * @param dataSource the failover data source
	 */
	public FailoverEndpoint(FailoverDataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * The state of the failover data source.
	 * @return the descriptor
	 */
	@ReadOperation
	public FailoverDescriptor failover() {
		DatabaseNode active = this.dataSource.getActiveNode();
		List<NodeDescriptor> nodes = this.dataSource.getNodes()
			.stream()
			.map((node) -> NodeDescriptor.of(node, node == active, this.dataSource.getReplicaSelector()))
			.toList();
		List<EventDescriptor> events = this.dataSource.getPolicy()
			.recentEvents()
			.stream()
			.map(EventDescriptor::of)
			.toList();
		List<LeakDescriptor> leaks = this.dataSource.getConnectionTracker()
			.suspectedLeaks()
			.stream()
			.map(LeakDescriptor::of)
			.toList();
		FailoverHistory history = this.dataSource.getPolicy().history();
		return new FailoverDescriptor((active != null) ? active.name() : null, history.count(Reason.FAILOVER),
				history.count(Reason.FAILBACK), history.count(Reason.SWITCHOVER), this.dataSource.getWaitingBorrows(),
				this.dataSource.getPolicy().splitBrainNodes(), nodes, events, leaks);
	}

	/**
	 * Switch over by hand: new connections go to the target, which stays active until it goes DOWN (or
	 * stops accepting writes) or another switchover is made.
	 * @param target the name of the node to switch to
	 * @return what changed
	 * @throws InvalidEndpointRequestException for an unknown node or one that is not UP and writable
	 */
	@WriteOperation
	public SwitchoverDescriptor switchOver(String target) {
		try {
			return switchOverTo(target);
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			throw new InvalidEndpointRequestException(ex.getMessage(), ex.getMessage());
		}
	}

	/**
	 * Switch over by hand.
	 * @param target the name of the node to switch to
	 * @return what changed
	 * @throws IllegalArgumentException for an unknown node
	 * @throws IllegalStateException for a node that is not UP and writable
	 */
	SwitchoverDescriptor switchOverTo(String target) {
		ActiveNodeChange event = this.dataSource.getPolicy().switchOver(target);
		return (event != null) ? new SwitchoverDescriptor(event.from(), event.to(), true)
				: new SwitchoverDescriptor(target, target, false);
	}

	/**
	 * The state of the failover data source.
	 *
	 * @param active the node new connections go to ({@code null} when none is writable)
	 * @param failovers failovers since start (changes of the active node because it became unusable)
	 * @param failbacks fail-backs since start
	 * @param switchovers manual switchovers since start
	 * @param waitingBorrows borrows waiting for a writable node now
	 * @param splitBrain nodes that accept writes besides the active one (empty unless a split brain lasts)
	 * @param nodes the nodes in priority order
	 * @param events the recent changes of the active node, oldest first
	 * @param leaks the suspected connection leaks, longest held first
	 */
	public record FailoverDescriptor(String active, long failovers, long failbacks, long switchovers,
			int waitingBorrows, List<String> splitBrain, List<NodeDescriptor> nodes, List<EventDescriptor> events,
			List<LeakDescriptor> leaks) implements OperationResponseBody {
	}

	/**
	 * One node.
	 *
	 * @param name the node name (also its pool name)
	 * @param priority its position in the priority order, 0 first
	 * @param active whether new connections go to it
	 * @param status {@code UP}, {@code DOWN} or {@code UNKNOWN}
	 * @param role {@code PRIMARY}, {@code REPLICA} or {@code UNKNOWN} ({@code UNKNOWN} while not UP)
	 * @param lastKnownRole the role reported in the last healthy probe
	 * @param roleSeenAt when that role was reported
	 * @param upSince when it was last marked UP ({@code null} if never)
	 * @param lastCheck when the last probe finished
	 * @param latencyMs how long the last probe took, in milliseconds
	 * @param consecutiveFailures failed probes in a row
	 * @param lastError the last failure, free of secrets
	 * @param credentialsChangedAt when its credentials last changed ({@code null} unless they rotate)
	 * @param replication the lag of a replica ({@code null} for other nodes)
	 * @param pool its pool's figures
	 * @param stats totals over every probe since start
	 * @param history the last probes, oldest first (at most {@code health.history-size})
	 */
	public record NodeDescriptor(String name, int priority, boolean active, String status, String role,
			String lastKnownRole, Instant roleSeenAt, Instant upSince, Instant lastCheck, double latencyMs,
			int consecutiveFailures, String lastError, Instant credentialsChangedAt, ReplicationFigures replication,
			PoolFigures pool,
			ProbeHistory.Stats stats, List<ProbeDescriptor> history) {

		static NodeDescriptor of(DatabaseNode node, boolean active, ReplicaSelector replicas) {
			NodeHealth health = node.health();
			NodeState state = NodeState.of(node, replicas);
			return new NodeDescriptor(node.name(), node.priority(), active, state.status(), state.role(),
					state.lastKnownRole(), state.roleSeenAt(), health.upSince(), state.lastCheck(), state.latencyMs(),
					state.consecutiveFailures(), state.lastError(), state.credentialsChangedAt(), state.replication(),
					state.pool(),
					health.history().stats(),
					health.history().recent().stream().map(ProbeDescriptor::of).toList());
		}

	}

	/**
	 * One probe of a node.
	 *
	 * @param time when it finished
	 * @param healthy whether the node answered
	 * @param latencyMs how long it took, in milliseconds
	 * @param role the role the node reported
	 * @param error why it failed, free of secrets ({@code null} when healthy)
	 * @param lagSeconds the replication lag it measured ({@code null} when none)
	 */
	public record ProbeDescriptor(Instant time, boolean healthy, double latencyMs, String role, String error,
			Double lagSeconds) {

		static ProbeDescriptor of(ProbeResult result) {
			return new ProbeDescriptor(result.time(), result.healthy(), NodeState.milliseconds(result.latency()),
					result.role().name(), result.error(), (result.lag() != null) ? result.lag().seconds() : null);
		}

	}

	/**
	 * One change of the active node.
	 *
	 * @param time when it happened
	 * @param from the node that was active ({@code null} if none was)
	 * @param to the node that is active since
	 * @param reason {@code failover}, {@code failback} or {@code switchover}
	 * @param detail a one-line explanation, free of secrets
	 */
	public record EventDescriptor(Instant time, String from, String to, String reason, String detail) {

		static EventDescriptor of(ActiveNodeChange event) {
			return new EventDescriptor(event.time(), event.from(), event.to(), event.reason().tagValue(),
					event.detail());
		}

	}

	/**
	 * A suspected connection leak.
	 *
	 * @param node the node the connection came from
	 * @param thread the name of the thread that borrowed it
	 * @param borrowedAt when it was borrowed
	 * @param heldFor how long it has been held, as an ISO-8601 duration (e.g. {@code PT5M12.5S})
	 * @param stackTrace where it was borrowed ({@code null} when stack capture is off)
	 */
	public record LeakDescriptor(String node, String thread, Instant borrowedAt, String heldFor, String stackTrace) {

		static LeakDescriptor of(SuspectedLeak leak) {
			return new LeakDescriptor(leak.node(), leak.thread(), leak.borrowedAt(), leak.heldFor().toString(),
					leak.stackTrace());
		}

	}

	/**
	 * The outcome of a manual switchover.
	 *
	 * @param from the node that was active before ({@code null} if none was)
	 * @param to the node that is active now
	 * @param changed {@code false} when the target was active already (it is pinned all the same)
	 */
	public record SwitchoverDescriptor(String from, String to, boolean changed) implements OperationResponseBody {
	}

}
