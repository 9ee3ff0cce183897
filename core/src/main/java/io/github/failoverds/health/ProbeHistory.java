package io.github.failoverds.health;

import java.util.ArrayList;
import java.util.List;

/**
 * The last probe results of one node (a bounded ring buffer) and running totals over all probes.
 * Written by the node's probe thread, read by Actuator; not on any borrow path.
 */
public final class ProbeHistory {

	private final ProbeResult[] ring;

	private int next;

	private int size;

	private long totalChecks;

	private long healthyChecks;

	private long totalLatencyNanos;

	/**
	 * Create a history.
	 * @param capacity how many recent results to keep (at least 1)
	 */
	public ProbeHistory(int capacity) {
		this.ring = new ProbeResult[Math.max(1, capacity)];
	}

	synchronized void add(ProbeResult result) {
		this.ring[this.next] = result;
		this.next = (this.next + 1) % this.ring.length;
		this.size = Math.min(this.size + 1, this.ring.length);
		this.totalChecks++;
		if (result.healthy()) {
			this.healthyChecks++;
		}
		this.totalLatencyNanos += result.latency().toNanos();
	}

	/**
	 * The kept results, oldest first.
	 * @return a copy of the recent results
	 */
	public synchronized List<ProbeResult> recent() {
		List<ProbeResult> results = new ArrayList<>(this.size);
		int start = (this.next - this.size + this.ring.length) % this.ring.length;
		for (int i = 0; i < this.size; i++) {
			results.add(this.ring[(start + i) % this.ring.length]);
		}
		return results;
	}

	/**
	 * Totals over every probe since start.
	 * @return a snapshot of the totals
	 */
	public synchronized Stats stats() {
		double successRate = (this.totalChecks != 0) ? (double) this.healthyChecks / this.totalChecks : 0.0;
		double avgLatencyMs = (this.totalChecks != 0) ? this.totalLatencyNanos / 1_000_000.0 / this.totalChecks : 0.0;
		return new Stats(this.totalChecks, this.healthyChecks, this.totalChecks - this.healthyChecks, successRate,
				avgLatencyMs);
	}

	/**
	 * Totals over every probe of a node.
	 *
	 * @param totalChecks probes run
	 * @param healthyChecks probes that succeeded
	 * @param failedChecks probes that failed
	 * @param successRate healthy / total, 0 when nothing ran
	 * @param avgLatencyMs mean probe latency in milliseconds
	 */
	public record Stats(long totalChecks, long healthyChecks, long failedChecks, double successRate,
			double avgLatencyMs) {
	}

}
