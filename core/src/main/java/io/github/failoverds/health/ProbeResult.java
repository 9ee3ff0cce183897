package io.github.failoverds.health;

import java.time.Duration;
import java.time.Instant;

import io.github.failoverds.health.NodeRole;

/**
 * Outcome of one health probe of one node.
 *
 * @param time when the probe finished
 * @param healthy whether the node answered within the probe timeout
 * @param latency how long the probe took
 * @param role the role the node reported ({@link NodeRole#UNKNOWN} when not checked or failed)
 * @param error why the probe failed, free of secrets; {@code null} when healthy
 * @param lag how far a replica is behind its primary; {@code null} for other nodes, when the lag is not
 * measured (see {@link ReplicationCheck}) or unknown, and when the probe failed
 */
public record ProbeResult(Instant time, boolean healthy, Duration latency, NodeRole role, String error,
		ReplicationLag lag) {

	/**
	 * A successful probe.
	 * @param time when it finished
	 * @param latency how long it took
	 * @param role the role the node reported
	 * @return the result
	 */
	public static ProbeResult healthy(Instant time, Duration latency, NodeRole role) {
		return healthy(time, latency, role, null);
	}

	/**
	 * A successful probe that measured a replica's lag.
	 * @param time when it finished
	 * @param latency how long it took
	 * @param role the role the node reported
	 * @param lag the replica's lag, {@code null} when unknown
	 * @return the result
	 */
	public static ProbeResult healthy(Instant time, Duration latency, NodeRole role, ReplicationLag lag) {
		return new ProbeResult(time, true, latency, role, null, lag);
	}

	/**
	 * A failed probe.
	 * @param time when it finished
	 * @param latency how long it took
	 * @param error why it failed, free of secrets
	 * @return the result
	 */
	public static ProbeResult failed(Instant time, Duration latency, String error) {
		return new ProbeResult(time, false, latency, NodeRole.UNKNOWN, error, null);
	}

}
