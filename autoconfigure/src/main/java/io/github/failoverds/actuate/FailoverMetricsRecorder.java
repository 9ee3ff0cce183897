package io.github.failoverds.actuate;

import java.util.Objects;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import io.github.failoverds.health.ProbeResult;
import io.github.failoverds.routing.ActiveNodeChange;
import io.github.failoverds.routing.DatabaseNode;
import io.github.failoverds.routing.FailoverListener;

/**
 * Records what happens to the nodes as it happens:
 * <ul>
 * <li>{@value #FAILOVERS}: a counter of the changes of the active node (failover, fail-back, manual
 * switchover), tags {@code from} ({@code none} when no node was active), {@code to} and {@code reason}
 * ({@code failover}, {@code failback}, {@code switchover});</li>
 * <li>{@value #HEALTH_CHECKS}: a timer of the background probes, tags {@code node} and
 * {@code outcome} ({@code success} or {@code failure}).</li>
 * </ul>
 * A series appears with its first change or probe. Runs on the probe threads, never on a request.
 */
public class FailoverMetricsRecorder implements FailoverListener {

	/** Name of the counter of changes of the active node. */
	public static final String FAILOVERS = "failover.datasource.failovers";

	/** Name of the timer of the background probes. */
	public static final String HEALTH_CHECKS = "failover.datasource.health.checks";

	private final MeterRegistry registry;

	/**
	 * Create the recorder.
	 * @param registry where to record
	 */
	public FailoverMetricsRecorder(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void onProbe(DatabaseNode node, ProbeResult result) {
		Timer.builder(HEALTH_CHECKS)
			.description("Background health checks of the database nodes")
			.tag("node", node.name())
			.tag("outcome", result.healthy() ? "success" : "failure")
			.register(this.registry)
			.record(result.latency());
	}

	@Override
	public void onActiveNodeChange(ActiveNodeChange event) {
		Counter.builder(FAILOVERS)
			.description("Changes of the active database node (failover, fail-back, manual switchover)")
			.tag("from", Objects.requireNonNullElse(event.from(), "none"))
			.tag("to", event.to())
			.tag("reason", event.reason().tagValue())
			.register(this.registry)
			.increment();
	}

}
