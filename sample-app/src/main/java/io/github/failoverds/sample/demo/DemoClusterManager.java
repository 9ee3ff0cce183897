package io.github.failoverds.sample.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * A small stand-in for a cluster manager such as Patroni: on a thread of its own, it asks every demo server
 * directly what it is, twice a second, and when no server has answered as the primary for
 * {@code demo.cluster-manager.promote-after}, it promotes a replica. It knows nothing of the application or
 * of the failover DataSource; the starter finds the promoted node by its own probes.
 * <p>
 * Because it reaches the servers directly, a network cut between the application and a node (the proxy's
 * black hole) is no reason for it to promote anything, as in production. It never demotes or rebuilds an old
 * primary that comes back: that one is a split brain, which the starter keeps off writes. Off when
 * {@link ClusterManagerProperties#automatic()} is not: the {@code promote} control is then the only way.
 */
final class DemoClusterManager implements SmartLifecycle {

	private static final Duration CHECK_INTERVAL = Duration.ofMillis(500);

	private static final Logger logger = LoggerFactory.getLogger(DemoClusterManager.class);

	private final DemoCluster cluster;

	private final Duration promoteAfter;

	private final boolean automatic;

	/** Since when no server has answered as the primary; only the manager's thread uses it. */
	private Instant primaryLostAt;

	private ScheduledExecutorService scheduler;

	DemoClusterManager(DemoCluster cluster, ClusterManagerProperties properties) {
		this.cluster = cluster;
		this.promoteAfter = properties.promoteAfter();
		this.automatic = properties.automatic();
	}

	@Override
	public synchronized void start() {
		if (!this.automatic) {
			logger.info("Demo cluster manager off: promote the replica with POST /demo/nodes/{name}/promote");
			return;
		}
		logger.info("Demo cluster manager on: promotes the replica {} ms after the primary is lost",
				this.promoteAfter.toMillis());
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "demo-cluster-manager");
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler.scheduleWithFixedDelay(this::checkSafely, 0, CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.scheduler = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.scheduler != null;
	}

	private void checkSafely() {
		try {
			check();
		}
		catch (RuntimeException ex) {
			// caught whatever it is: an exception would cancel the schedule
			logger.warn("Demo cluster manager: {}", ex.getMessage());
		}
	}

	private void check() {
		Map<DemoNode, ServerRole> roles = new LinkedHashMap<>();
		this.cluster.nodes().forEach((node) -> roles.put(node, node.role()));
		if (roles.containsValue(ServerRole.PRIMARY)) {
			if (this.primaryLostAt != null) {
				logger.info("Demo cluster manager: a primary answers again; no promotion");
				this.primaryLostAt = null;
			}
			return;
		}
		Instant now = Instant.now();
		if (this.primaryLostAt == null) {
			this.primaryLostAt = now;
			logger.warn("Demo cluster manager: no primary answers; a replica is promoted in {} ms unless one does",
					this.promoteAfter.toMillis());
			return;
		}
		Optional<DemoNode> replica = roles.entrySet()
			.stream()
			.filter((entry) -> entry.getValue() == ServerRole.REPLICA)
			.map(Map.Entry::getKey)
			.findFirst();
		if (replica.isPresent() && !now.isBefore(this.primaryLostAt.plus(this.promoteAfter))) {
			logger.warn("Demo cluster manager: no primary for {} ms; promoting '{}'",
					Duration.between(this.primaryLostAt, now).toMillis(), replica.get().name());
			this.cluster.promote(replica.get());
			this.primaryLostAt = null;
			logger.info("Demo cluster manager: '{}' is the primary now", replica.get().name());
		}
	}

}
