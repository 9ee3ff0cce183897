package io.github.failoverds.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.failoverds.autoconfigure.credentials.RotatingCredentialsProvider;
import io.github.failoverds.leak.ConnectionTracker;
import io.github.failoverds.routing.DatabaseNode;
import io.github.failoverds.routing.FailoverDataSource;

/**
 * Binds the state of the failover data source to a registry:
 * <ul>
 * <li>HikariCP's own {@code hikaricp.connections*} meters for every node's pool, tag {@code pool} =
 * node name (the node pools are not beans, so Spring Boot does not bind them); a pool that already
 * has a metrics tracker is left alone;</li>
 * <li>{@value #NODE_UP}: 1 while the node is UP, else 0, tag {@code node};</li>
 * <li>{@value #NODE_ACTIVE}: 1 on the node new connections go to, else 0, tag {@code node};</li>
 * <li>{@value #BORROWS_WAITING}: borrows waiting for a writable node now;</li>
 * <li>{@value #LEAKED}: suspected connection leaks out now;</li>
 * <li>{@value #LEAKS}: suspected connection leaks detected since start;</li>
 * <li>{@value #CREDENTIALS_AGE}: seconds since the node's credentials last changed, tag {@code node}, for nodes
 * whose credentials come from a {@link RotatingCredentialsProvider}.</li>
 * </ul>
 */
public class FailoverDataSourceMeterBinder implements MeterBinder {

	/** Name of the gauge of node reachability. */
	public static final String NODE_UP = "failover.datasource.node.up";

	/** Name of the gauge that marks the active node. */
	public static final String NODE_ACTIVE = "failover.datasource.node.active";

	/** Name of the gauge of borrows waiting for a writable node. */
	public static final String BORROWS_WAITING = "failover.datasource.borrows.waiting";

	/** Name of the gauge of suspected leaks out now. */
	public static final String LEAKED = "failover.datasource.connections.leaked";

	/** Name of the counter of suspected leaks detected. */
	public static final String LEAKS = "failover.datasource.leaks";

	/** Name of the gauge of the time since a node's credentials last changed. */
	public static final String CREDENTIALS_AGE = "failover.datasource.credentials.age";

	private static final Logger logger = LoggerFactory.getLogger(FailoverDataSourceMeterBinder.class);

	private final FailoverDataSource dataSource;

	/**
	 * Create the binder.
	 * @param dataSource the failover data source
	 */
	public FailoverDataSourceMeterBinder(FailoverDataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (DatabaseNode node : this.dataSource.getNodes()) {
			bindPool(node.pool(), registry);
			Gauge.builder(NODE_UP, node, (candidate) -> candidate.health().isUp() ? 1 : 0)
				.description("Whether the database node is UP (1) or not (0)")
				.tag("node", node.name())
				.register(registry);
			Gauge.builder(NODE_ACTIVE, this.dataSource, (source) -> (source.getActiveNode() == node) ? 1 : 0)
				.description("Whether new connections go to the database node (1) or not (0)")
				.tag("node", node.name())
				.register(registry);
			if (node.pool().getCredentialsProvider() instanceof RotatingCredentialsProvider) {
				TimeGauge.builder(CREDENTIALS_AGE, node, TimeUnit.SECONDS, FailoverDataSourceMeterBinder::credentialsAge)
					.description("Time since the credentials of the node's new connections last changed")
					.tag("node", node.name())
					.register(registry);
			}
		}
		Gauge.builder(BORROWS_WAITING, this.dataSource, FailoverDataSource::getWaitingBorrows)
			.description("Borrows waiting for a writable node (while none is, for example during a promotion)")
			.register(registry);
		ConnectionTracker tracker = this.dataSource.getConnectionTracker();
		Gauge.builder(LEAKED, tracker, ConnectionTracker::suspectedLeakCount)
			.description("Borrowed connections held past the leak-detection threshold and not returned yet")
			.register(registry);
		FunctionCounter.builder(LEAKS, tracker, ConnectionTracker::detectedLeakCount)
			.description("Suspected connection leaks detected")
			.register(registry);
	}

	private static double credentialsAge(DatabaseNode node) {
		Instant changedAt = NodeState.credentialsChangedAtOf(node);
		return (changedAt != null) ? Duration.between(changedAt, Instant.now()).toMillis() / 1000.0 : Double.NaN;
	}

	private static void bindPool(HikariDataSource pool, MeterRegistry registry) {
		if (pool.getMetricRegistry() == null && pool.getMetricsTrackerFactory() == null) {
			try {
				pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
			}
			catch (RuntimeException ex) {
				logger.warn("Failed to bind the HikariCP metrics of pool '{}': {}", pool.getPoolName(),
						ex.getMessage());
			}
		}
	}

}
