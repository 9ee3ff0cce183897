package io.github.failoverds.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.failoverds.health.NodeStatus;
import io.github.failoverds.health.NodeHealth;
import io.github.failoverds.testsupport.WriteLoad;

import static io.github.failoverds.routing.ProxiedCluster.CONNECTION_TIMEOUT;
import static io.github.failoverds.routing.ProxiedCluster.INTERVAL;
import static io.github.failoverds.routing.ProxiedCluster.MARGIN;
import static io.github.failoverds.routing.ProxiedCluster.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A primary that is still reachable but degraded, with writes running: too slow for the probe (a
 * failure: writes fail over), slow but within the probe timeout (no failover, no flapping, also with the
 * short health settings recommended for fast failover), every
 * connection reset (the pool recovers on the same node), or a pool with every connection taken (a busy
 * node is not a dead node).
 */
class DegradedPrimaryTest extends FaultInjectionTestSupport {

	/** How long a healthy-but-slow primary is watched for a spurious failover: ten probe intervals. */
	private static final Duration STEADY_WATCH = INTERVAL.multipliedBy(10);

	private static final int RESET_ROUNDS = 5;

	/** {@code health.interval} the README recommends for fast failover. */
	private static final Duration FAST_INTERVAL = Duration.ofMillis(100);

	/** {@code health.timeout} the README recommends for fast failover. */
	private static final Duration FAST_TIMEOUT = Duration.ofMillis(200);

	@Test
	void latencyAboveTheProbeTimeoutIsAFailureAndWritesFailOver() {
		start(CLUSTER_SETTINGS);
		WriteLoad load = startLoad(4);
		load.awaitCommitsOn(primaryPort(), 50, LOAD_START);
		long faultAt = System.nanoTime();
		// every round trip now takes twice the probe timeout
		this.cluster.proxy(0).latency(TIMEOUT);
		load.awaitCommitsOn(standbyPort(), 50, ProxiedCluster.failoverBound().plus(TIMEOUT.multipliedBy(2)).plus(MARGIN));
		Long downAt = this.events.firstDownSince("primary", faultAt);
		assertThat(downAt).as("primary marked DOWN").isNotNull();
		assertThat(Duration.ofNanos(downAt - faultAt)).isLessThanOrEqualTo(ProxiedCluster.detectionBound().plus(MARGIN));
		load.stop(LOAD_START);
		// writes already on the slow primary finish there: slow is not broken
		assertThat(load.failures()).isEmpty();
		this.cluster.assertNoAcknowledgedCommitLost(load);
	}

	@Test
	void latencyBelowTheProbeTimeoutIsNoFailure() {
		start(CLUSTER_SETTINGS);
		// every round trip now takes 40 % of the probe timeout
		assertNoFailoverWhileSlowed(TIMEOUT.dividedBy(5), STEADY_WATCH);
	}

	@Test
	void withTheFastFailoverSettingsLatencyBelowTheirProbeTimeoutIsNoFailure() {
		start(CLUSTER_SETTINGS, (builder) -> builder.health(FAST_INTERVAL, FAST_TIMEOUT, ProxiedCluster.FAILURE_THRESHOLD,
				ProxiedCluster.RECOVERY_THRESHOLD, 100));
		// 25 ms each way, as in the benchmark's latency scenario: every round trip takes a quarter of the probe timeout
		assertNoFailoverWhileSlowed(FAST_TIMEOUT.dividedBy(8), FAST_INTERVAL.multipliedBy(30));
	}

	/**
	 * With writes running, slow the primary down (each way) and watch it: no node DOWN, no change of the active
	 * node, no write on the standby, no failed write.
	 */
	private void assertNoFailoverWhileSlowed(Duration latency, Duration watch) {
		WriteLoad load = startLoad(4);
		load.awaitCommitsOn(primaryPort(), 50, LOAD_START);
		this.cluster.proxy(0).latency(latency);
		await().during(watch)
			.atMost(watch.plus(MARGIN))
			.until(() -> this.events.nodesDown().isEmpty() && "primary".equals(activeNodeName()));
		load.awaitCommitsOn(primaryPort(), 10, LOAD_START);
		load.stop(LOAD_START);
		assertThat(this.events.activeNodeChanges()).isEmpty();
		assertThat(load.commitsOn(standbyPort())).isZero();
		assertThat(load.failures()).isEmpty();
	}

	@Test
	void everyConnectionResetOnAReachableNodeIsRecoveredByThePoolWithoutFailover() {
		start(CLUSTER_SETTINGS);
		WriteLoad load = startLoad(16);
		load.awaitCommitsOn(primaryPort(), 50, LOAD_START);
		NodeHealth primary = this.dataSource.getNodes().get(0).health();
		for (int round = 0; round < RESET_ROUNDS; round++) {
			Instant resetAt = Instant.now();
			this.cluster.proxy(0).resetAll();
			load.awaitCommitsOn(primaryPort(), 50, LOAD_START);
			// one reset at a time: the next comes after the probe has seen the node healthy again
			await().atMost(ProxiedCluster.recoveryBound().plus(MARGIN))
				.until(() -> primary.lastCheck().isAfter(resetAt) && primary.consecutiveFailures() == 0);
		}
		load.stop(LOAD_START);
		assertThat(this.events.nodesDown()).isEmpty();
		assertThat(this.events.activeNodeChanges()).isEmpty();
		assertThat(load.commitsOn(standbyPort())).isZero();
		// a write fails only when the connection it runs on was reset under it
		assertThat(load.failures()).hasSizeLessThanOrEqualTo(RESET_ROUNDS * maximumPoolSize())
			.allSatisfy((failure) -> assertThat(ConnectionFailures.isConnectionFailure(failure)).as("%s", failure).isTrue());
		this.cluster.assertNoAcknowledgedCommitLost(load);
	}

	@Test
	void exhaustedPoolFailsWithHikariTimeoutAndTheNodeStaysUp() throws SQLException {
		start(CLUSTER_SETTINGS);
		List<Connection> held = new ArrayList<>();
		try {
			for (int i = 0; i < maximumPoolSize(); i++) {
				held.add(this.dataSource.getConnection());
			}
			long start = System.nanoTime();
			assertThatExceptionOfType(SQLTransientConnectionException.class).isThrownBy(this.dataSource::getConnection)
				.withMessageContaining("'primary'")
				.withMessageContaining("active=" + maximumPoolSize())
				.satisfies((ex) -> assertThat(ConnectionFailures.isConnectionFailure(ex)).isFalse())
				.havingCause()
				.isInstanceOf(SQLTransientConnectionException.class)
				.withMessageContaining("request timed out");
			Duration waited = Duration.ofNanos(System.nanoTime() - start);
			// never past the budget: a slice that could end in a validation after it is not started, and the first
			// slice (timed without a clock read) is counted as if it had ended in a validation too
			Duration validation = Duration.ofMillis(this.dataSource.getNodes().get(0).pool().getValidationTimeout());
			assertThat(waited).isBetween(
					CONNECTION_TIMEOUT.minus(validation.multipliedBy(2)).minusMillis(FailoverDataSource.SLICE_MILLIS),
					CONNECTION_TIMEOUT.plus(MARGIN));
			assertThat(this.dataSource.getNodes().get(0).health().status()).isEqualTo(NodeStatus.UP);
			assertThat(this.events.nodesDown()).isEmpty();
			assertThat(activeNodeName()).isEqualTo("primary");
		}
		finally {
			for (Connection connection : held) {
				connection.close();
			}
		}
		assertThat(newRequestRunsOn(primaryPort())).isTrue();
	}

	private int maximumPoolSize() {
		return this.dataSource.getNodes().get(0).pool().getMaximumPoolSize();
	}

}
