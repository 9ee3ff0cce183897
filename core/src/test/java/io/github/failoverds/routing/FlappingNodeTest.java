package io.github.failoverds.routing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.github.failoverds.routing.ActiveNodeChange.Reason;
import io.github.failoverds.routing.EventRecorder.Timed;
import io.github.failoverds.testsupport.FaultProxy;
import io.github.failoverds.testsupport.WriteLoad;

import static io.github.failoverds.routing.ProxiedCluster.FAILBACK_DELAY;
import static io.github.failoverds.routing.ProxiedCluster.MARGIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A primary that goes down and comes back every second for 20 s, with writes running: the fail-back delay keeps
 * writes from following it back and forth, and the failover counter agrees with the events.
 */
class FlappingNodeTest extends FaultInjectionTestSupport {

	private static final Duration PHASE = Duration.ofSeconds(1);

	/** Twenty phases: ten down/up cycles, 20 s. */
	private static final int PHASES = 20;

	@Test
	void flappingPrimaryFailsBackAtMostOncePerFailbackDelay() {
		start(CLUSTER_SETTINGS);
		WriteLoad load = startLoad(4);
		load.awaitCommitsOn(primaryPort(), 50, LOAD_START);
		flap(this.cluster.proxy(0));
		await().atMost(ProxiedCluster.failbackBound().plus(MARGIN)).until(() -> "primary".equals(activeNodeName()));
		load.stop(LOAD_START);
		// listeners hear of every change, just after it is decided
		await().atMost(MARGIN).untilAsserted(() -> assertThat(this.dataSource.getPolicy().activeNodeChanges())
			.isEqualTo(this.events.activeNodeChanges().size()));

		List<Timed<ActiveNodeChange>> failbacks = this.events.activeNodeChanges(Reason.FAILBACK);
		assertThat(failbacks).isNotEmpty();
		for (int i = 1; i < failbacks.size(); i++) {
			assertThat(Duration.ofNanos(failbacks.get(i).nanos() - failbacks.get(i - 1).nanos()))
				.as("time between fail-backs %d and %d", i - 1, i)
				.isGreaterThanOrEqualTo(FAILBACK_DELAY);
		}
		List<ActiveNodeChange> changes = this.events.activeNodeChanges().stream().map(Timed::value).toList();
		assertThat(this.events.activeNodeChanges(Reason.FAILOVER)).isNotEmpty();
		assertThat(this.dataSource.getPolicy().recentEvents()).isEqualTo(changes);
		for (int i = 1; i < changes.size(); i++) {
			assertThat(changes.get(i).from()).as("event %d starts where event %d ended", i, i - 1)
				.isEqualTo(changes.get(i - 1).to());
		}
		assertOnlyTransientFailures(load);
		this.cluster.assertNoAcknowledgedCommitLost(load);
	}

	/**
	 * Take the node down and up again every {@link #PHASE}, {@link #PHASES} times, then leave it up.
	 * Down phases alternate between a crash (connections reset, new ones refused) and a partition.
	 */
	private void flap(FaultProxy proxy) {
		AtomicInteger phase = new AtomicInteger();
		ScheduledExecutorService flapper = Executors.newSingleThreadScheduledExecutor();
		try {
			flapper.scheduleAtFixedRate(() -> {
				int current = phase.getAndIncrement();
				if (current % 2 == 1 || current >= PHASES) {
					proxy.pass();
				}
				else if (current % 4 == 0) {
					proxy.refuse().resetAll();
				}
				else {
					proxy.blackHole();
				}
			}, 0, PHASE.toMillis(), TimeUnit.MILLISECONDS);
			await().atMost(PHASE.multipliedBy(PHASES).plus(MARGIN)).until(() -> phase.get() > PHASES);
		}
		finally {
			flapper.shutdownNow();
		}
	}

}
