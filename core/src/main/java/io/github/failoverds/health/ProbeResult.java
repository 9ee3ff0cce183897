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
 */
public record ProbeResult(Instant time, boolean healthy, Duration latency, NodeRole role, String error) {

	/**
	 * A successful probe.
	 * @param time when it finished
	 * @param latency how long it took
	 * @param role the role the node reported
	 * @return the result
	 */
	public static ProbeResult healthy(Instant time, Duration latency, NodeRole role) {
		return new ProbeResult(time, true, latency, role, null);
	}

	/**
	 * A failed probe.
	 * @param time when it finished
	 * @param latency how long it took
	 * @param error why it failed, free of secrets
	 * @return the result
	 */
	public static ProbeResult failed(Instant time, Duration latency, String error) {
		return new ProbeResult(time, false, latency, NodeRole.UNKNOWN, error);
	}

}
