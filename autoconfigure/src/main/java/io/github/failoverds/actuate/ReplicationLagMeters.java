package io.github.failoverds.actuate;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import io.github.failoverds.health.ProbeResult;
import io.github.failoverds.health.ReplicationLag;
import io.github.failoverds.routing.DatabaseNode;
import io.github.failoverds.routing.FailoverListener;

/**
 * The gauge {@value #REPLICATION_LAG}: a replica's lag in seconds as its last probe measured it, tag
 * {@code node}. A replica's series exists only while its lag is known: it appears with the first probe
 * that measures it and is removed by a probe that cannot (a failed probe, a node that is no longer a
 * replica). Runs on the probe threads, never on a request.
 */
public class ReplicationLagMeters implements FailoverListener {

	/** Name of the gauge of the replication lag. */
	public static final String REPLICATION_LAG = "failover.datasource.replication.lag";

	private final MeterRegistry registry;

	private final Map<String, Lag> lags = new ConcurrentHashMap<>();

	/**
	 * Create the meters.
	 * @param registry where to register them
	 */
	public ReplicationLagMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void onProbe(DatabaseNode node, ProbeResult result) {
		ReplicationLag lag = result.lag();
		if (lag == null) {
			Lag removed = this.lags.remove(node.name());
			if (removed != null) {
				this.registry.remove(removed.gauge);
			}
			return;
		}
		this.lags.computeIfAbsent(node.name(), (name) -> new Lag(this.registry, name)).seconds = lag.seconds();
	}

	private static final class Lag {

		private final Gauge gauge;

		private volatile double seconds;

		Lag(MeterRegistry registry, String node) {
			this.gauge = Gauge.builder(REPLICATION_LAG, this, (lag) -> lag.seconds)
				.description("How far the replica is behind its primary, as its last probe measured it")
				.baseUnit("seconds")
				.tag("node", node)
				.strongReference(true)
				.register(registry);
		}

	}

}
