package io.github.failoverds.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.failoverds.support.SecretMasker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The probe loop's schedule: it survives any throwable, never runs missed ticks back to back, and confirms a
 * failed probe at once.
 */
class NodeHealthMonitorTest {

	private static final Duration INTERVAL = Duration.ofMillis(100);

	private final NodeHealthMonitor monitor = new NodeHealthMonitor(INTERVAL, Duration.ofSeconds(1), 2,
			Clock.systemUTC());

	@AfterEach
	void close() {
		this.monitor.close();
	}

	@Test
	void anErrorInOneTickDoesNotEndTheSchedule() {
		AtomicInteger results = new AtomicInteger();
		this.monitor.add("h2", probe(), (result) -> {
			if (results.incrementAndGet() == 1) {
				throw new AssertionError("a listener's assertion, or a NoClassDefFoundError");
			}
		});
		this.monitor.start();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(results).hasValueGreaterThanOrEqualTo(3));
	}

	@Test
	void aDelayedTickIsNotFollowedByCatchUpRunsBackToBack() {
		List<Instant> ends = new CopyOnWriteArrayList<>();
		this.monitor.add("h2", probe(), (result) -> {
			if (ends.isEmpty()) {
				// the probe thread is held up for five intervals
				sleepUninterruptibly(INTERVAL.multipliedBy(5));
			}
			ends.add(Instant.now());
		});
		this.monitor.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> ends.size() >= 4);
		for (int i = 1; i < 4; i++) {
			assertThat(Duration.between(ends.get(i - 1), ends.get(i)))
				.as("time between result %d and %d", i, i + 1)
				.isGreaterThanOrEqualTo(INTERVAL.dividedBy(2));
		}
	}

	@Test
	void probeSoonRunsAProbeLongBeforeTheNextInterval() {
		NodeHealthMonitor slow = new NodeHealthMonitor(Duration.ofHours(1), Duration.ofSeconds(1), 2, Clock.systemUTC());
		try {
			AtomicInteger results = new AtomicInteger();
			slow.add("h2", probe(), (result) -> results.incrementAndGet());
			slow.start();
			slow.probeSoon("h2");
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(results).hasValue(1));
		}
		finally {
			slow.close();
		}
	}

	@Test
	void aFailedProbeIsConfirmedAtOnceUntilTheFailureThresholdIsReached() {
		NodeHealthMonitor slow = new NodeHealthMonitor(Duration.ofHours(1), Duration.ofSeconds(1), 3, Clock.systemUTC());
		try {
			List<ProbeResult> results = new CopyOnWriteArrayList<>();
			slow.add("gone", probe("jdbc:h2:tcp://127.0.0.1:1/gone"), results::add);
			slow.start();
			slow.probeSoon("gone");
			await().atMost(Duration.ofSeconds(10)).until(() -> results.size() >= 3);
			// the third failure reaches the threshold: the next probe is an interval (an hour) away
			await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> results.size() == 3);
			assertThat(results).noneMatch(ProbeResult::healthy);
		}
		finally {
			slow.close();
		}
	}

	private static NodeProbe probe() {
		return probe("jdbc:h2:mem:monitor");
	}

	private static NodeProbe probe(String url) {
		JdbcDataSource h2 = new JdbcDataSource();
		h2.setURL(url);
		return new NodeProbe(h2, ReplicationCheck.of(RoleCheck.NONE, url, new PrimaryPositions()), Duration.ofSeconds(1),
				new SecretMasker());
	}

	/** Stands for a probe thread held up by the machine (GC, CPU starvation): not synchronisation. */
	private static void sleepUninterruptibly(Duration duration) {
		long end = System.nanoTime() + duration.toNanos();
		while (System.nanoTime() < end) {
			try {
				Thread.sleep(Math.max(1, (end - System.nanoTime()) / 1_000_000));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

}
