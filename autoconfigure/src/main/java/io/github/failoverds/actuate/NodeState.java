package io.github.failoverds.actuate;

import java.time.Duration;
import java.time.Instant;

import io.github.failoverds.autoconfigure.credentials.RotatingCredentialsProvider;
import io.github.failoverds.health.NodeHealth;
import io.github.failoverds.health.NodeRole;
import io.github.failoverds.routing.DatabaseNode;
import io.github.failoverds.routing.ReplicaSelector;

/**
 * The state of one node as the background monitor last saw it, with its pool's figures: what the
 * {@code failover} health component shows under {@code details.nodes.<name>}. Reading it never touches
 * the database.
 *
 * @param status {@code UP}, {@code DOWN} or {@code UNKNOWN}
 * @param role {@code PRIMARY}, {@code REPLICA} or {@code UNKNOWN}; {@code UNKNOWN} while the node is not UP
 * (its role may change while nobody can see it: a DOWN old primary may come back as a replica)
 * @param lastKnownRole the role the node reported in its last healthy probe ({@code UNKNOWN} if none)
 * @param roleSeenAt when it reported that role ({@code null} if never)
 * @param lastCheck when the last probe finished ({@code null} before the first)
 * @param latencyMs how long the last probe took, in milliseconds
 * @param consecutiveFailures failed probes in a row
 * @param lastError the last failure seen by a probe or a borrow, free of secrets ({@code null} if none)
 * @param credentialsChangedAt when the credentials the node's new connections use last changed ({@code null}
 * unless they come from a {@link RotatingCredentialsProvider} that knows)
 * @param replication the lag of a replica ({@code null} for other nodes)
 * @param pool the node's pool figures
 */
public record NodeState(String status, String role, String lastKnownRole, Instant roleSeenAt, Instant lastCheck,
		double latencyMs, int consecutiveFailures, String lastError, Instant credentialsChangedAt,
		ReplicationFigures replication, PoolFigures pool) {

	/**
	 * Read the state of a node.
	 * @param node the node
	 * @param replicas the data source's replica selector, which knows each replica's lag
	 * @return its state now
	 */
	public static NodeState of(DatabaseNode node, ReplicaSelector replicas) {
		NodeHealth health = node.health();
		NodeRole role = health.isUp() ? health.role() : NodeRole.UNKNOWN;
		return new NodeState(health.status().name(), role.name(), health.role().name(), health.roleSeenAt(),
				health.lastCheck(),
				milliseconds(health.lastLatency()), health.consecutiveFailures(), health.lastError(),
				credentialsChangedAtOf(node), ReplicationFigures.of(node, replicas), PoolFigures.of(node));
	}

	/**
	 * When the credentials of a node's new connections last changed.
	 * @param node the node
	 * @return the time, or {@code null} unless its pool's credentials provider is a
	 * {@link RotatingCredentialsProvider} that knows
	 */
	static Instant credentialsChangedAtOf(DatabaseNode node) {
		return (node.pool().getCredentialsProvider() instanceof RotatingCredentialsProvider rotating)
				? rotating.getChangedAt() : null;
	}

	/**
	 * A duration in milliseconds, to the microsecond.
	 * @param duration the duration
	 * @return the milliseconds
	 */
	static double milliseconds(Duration duration) {
		return duration.toNanos() / 1_000L / 1_000.0;
	}

}
