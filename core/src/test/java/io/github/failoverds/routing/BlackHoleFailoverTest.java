package io.github.failoverds.routing;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.failoverds.testsupport.WriteLoad;

import static io.github.failoverds.routing.ProxiedCluster.CONNECTION_TIMEOUT;
import static io.github.failoverds.routing.ProxiedCluster.MARGIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A network partition (packets vanish both ways, no socket is reset) of the primary, or of every node,
 * with writes running: detection and failover within bounds derived from the settings, borrows that
 * never wait past {@code connection-timeout}, probe threads that do not pile up, and no lost commit.
 */
class BlackHoleFailoverTest extends FaultInjectionTestSupport {

	private static final String DRIVER_CONNECT_THREAD = "PostgreSQL JDBC driver connection thread";

	private static final String PROBE_THREAD = "failover-probe";

	private static final Duration THREAD_WATCH = Duration.ofSeconds(3);

	/** HikariCP validates a connection before handing it out when it has been idle longer than this. */
	private static final Duration HIKARI_ALIVE_BYPASS_WINDOW = Duration.ofMillis(500);

	@Test
	void blackHoledPrimaryIsMarkedDownAndNewRequestsGoToTheStandby() {
		start(CLUSTER_SETTINGS);
		WriteLoad load = startLoad(4);
		load.awaitCommitsOn(primaryPort(), 50, LOAD_START);
		long faultAt = System.nanoTime();
		this.cluster.proxy(0).blackHole();
		Duration toStandby = newRequestsUntilOneRunsOn(standbyPort());
		Long downAt = this.events.firstDownSince("primary", faultAt);
		assertThat(downAt).as("primary marked DOWN").isNotNull();
		assertThat(Duration.ofNanos(downAt - faultAt))
			.isLessThanOrEqualTo(ProxiedCluster.detectionBound().plus(MARGIN));
		assertThat(toStandby).isLessThanOrEqualTo(ProxiedCluster.failoverBound().plus(MARGIN));
		assertProbeThreadsDoNotPileUp();
		// the writes caught on the partitioned primary wait for it (no socketTimeout by default) ...
		this.cluster.heal();
		// ... and finish there once the partition heals; then writes fail back
		await().atMost(ProxiedCluster.failbackBound().plus(MARGIN))
			.until(() -> "primary".equals(activeNodeName()));
		load.stop(LOAD_START);
		assertThat(load.failures()).isEmpty();
		this.cluster.assertNoAcknowledgedCommitLost(load);
	}

	@Test
	void idleConnectionsOfABlackHoledNodeDoNotHoldANewRequest() {
		start(CLUSTER_SETTINGS);
		// HikariCP validates a connection before handing it out when it has been idle that long
		await().pollDelay(HIKARI_ALIVE_BYPASS_WINDOW.plusMillis(100))
			.atMost(CONNECTION_TIMEOUT)
			.until(() -> this.dataSource.getNodes().get(0).poolStats().getIdleConnections() >= 2);
		this.cluster.proxy(0).blackHole();
		assertThat(newRequestsUntilOneRunsOn(standbyPort()))
			.isLessThanOrEqualTo(ProxiedCluster.failoverBound().plus(MARGIN));
	}

	@Test
	void socketTimeoutSetByTheUserBoundsWritesCaughtOnABlackHoledNode() {
		int socketTimeoutSeconds = 1;
		start((config) -> config.addDataSourceProperty("socketTimeout", String.valueOf(socketTimeoutSeconds)));
		Duration socketTimeout = Duration.ofSeconds(socketTimeoutSeconds);
		WriteLoad load = startLoad(4);
		load.awaitCommitsOn(primaryPort(), 50, LOAD_START);
		this.cluster.proxy(0).blackHole();
		load.awaitCommitsOn(standbyPort(), 50, ProxiedCluster.failoverBound().plus(socketTimeout).plus(MARGIN));
		load.stop(LOAD_START);
		assertThat(load.failures()).isNotEmpty()
			.allSatisfy((failure) -> assertThat(ConnectionFailures.isConnectionFailure(failure)).isTrue());
		// a write either waits for its borrow, at most connection-timeout, or for a silent socket
		assertThat(load.slowestCall()).isLessThanOrEqualTo(CONNECTION_TIMEOUT.plus(socketTimeout).plus(MARGIN));
		this.cluster.assertNoAcknowledgedCommitLost(load);
	}

	@Test
	void everyNodeBlackHoledThenOneRestoredServesAgainWithoutRestart() throws SQLException {
		start(CLUSTER_SETTINGS);
		this.cluster.proxy(0).blackHole();
		this.cluster.proxy(1).blackHole();
		await().atMost(ProxiedCluster.detectionBound().plus(MARGIN)).until(() -> activeNodeName() == null);
		assertProbeThreadsDoNotPileUp();
		long start = System.nanoTime();
		assertThatExceptionOfType(SQLTransientConnectionException.class).isThrownBy(this.dataSource::getConnection)
			.satisfies((ex) -> assertThat(ex.getSQLState()).startsWith("08"))
			.withMessageContaining("primary")
			.withMessageContaining("standby-1");
		// no node is writable: the borrow waits for one (await-writable), never past its budget
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThanOrEqualTo(CONNECTION_TIMEOUT.plus(ProxiedCluster.TOLERANCE));
		this.cluster.proxy(1).pass();
		await().atMost(ProxiedCluster.recoveryBound().plus(MARGIN))
			.ignoreExceptionsInstanceOf(SQLTransientConnectionException.class)
			.until(() -> newRequestRunsOn(standbyPort()));
		this.cluster.proxy(0).pass();
		await().atMost(ProxiedCluster.failbackBound().plus(MARGIN))
			.until(() -> newRequestRunsOn(primaryPort()));
	}

	/**
	 * Make new requests until one runs on the server; none may wait longer than connection-timeout.
	 * @return the time from the first request until one ran on the server
	 */
	private Duration newRequestsUntilOneRunsOn(int port) {
		List<Duration> requests = new ArrayList<>();
		long start = System.nanoTime();
		await().atMost(ProxiedCluster.failoverBound().plus(MARGIN))
			.pollInSameThread()
			.pollInterval(Duration.ofMillis(20))
			.until(() -> {
				long requestStart = System.nanoTime();
				try {
					return newRequestRunsOn(port);
				}
				finally {
					requests.add(Duration.ofNanos(System.nanoTime() - requestStart));
				}
			});
		assertThat(requests).allSatisfy((request) -> assertThat(request).isLessThanOrEqualTo(CONNECTION_TIMEOUT));
		return Duration.ofNanos(System.nanoTime() - start);
	}

	/**
	 * While the partition lasts, probes must not leave threads behind: the probe threads stay two per
	 * node, and connection attempts run on the probe's own thread, never on extra driver threads.
	 */
	private void assertProbeThreadsDoNotPileUp() {
		int probeThreads = 2 * this.dataSource.getNodes().size();
		long connectThreadsBefore = threadsNamed(DRIVER_CONNECT_THREAD);
		await().during(THREAD_WATCH)
			.atMost(THREAD_WATCH.plus(MARGIN))
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> {
				assertThat(threadsNamed(PROBE_THREAD)).as("probe threads").isLessThanOrEqualTo(probeThreads);
				assertThat(threadsNamed(DRIVER_CONNECT_THREAD)).as("driver connection threads")
					.isLessThanOrEqualTo(connectThreadsBefore);
			});
	}

	private static long threadsNamed(String prefix) {
		return Thread.getAllStackTraces().keySet().stream().filter((thread) -> thread.getName().startsWith(prefix)).count();
	}

}
