package io.github.failoverds.routing;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;

import io.github.failoverds.routing.ActiveNodeChange.Reason;
import io.github.failoverds.testsupport.FaultProxy;
import io.github.failoverds.testsupport.WriteLoad;

import static io.github.failoverds.routing.ProxiedCluster.MARGIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many writers, more than both pools together hold, through repeated failovers and fail-backs: no
 * deadlock, only the documented transient failures, and every acknowledged commit kept; no connection
 * is left out of a pool (checked after every fault-injection test).
 */
class FailoverStressTest extends FaultInjectionTestSupport {

	private static final int WRITERS = 32;

	private static final int POOL_SIZE = 10;

	/** Crash, partition, crash: each cycle is one failover and one fail-back. */
	private static final int CYCLES = 3;

	@Test
	void writersThroughRepeatedFailoversAndFailbacks() {
		start((config) -> config.setMaximumPoolSize(POOL_SIZE));
		WriteLoad load = startLoad(WRITERS);
		load.awaitCommitsOn(primaryPort(), 100, LOAD_START);
		FaultProxy primary = this.cluster.proxy(0);
		for (int cycle = 0; cycle < CYCLES; cycle++) {
			if (cycle % 2 == 0) {
				primary.refuse().resetAll();
			}
			else {
				primary.blackHole();
			}
			await().atMost(ProxiedCluster.failoverBound().plus(MARGIN)).until(() -> "standby-1".equals(activeNodeName()));
			load.awaitCommitsOn(standbyPort(), 100, LOAD_START);
			primary.pass();
			await().atMost(ProxiedCluster.failbackBound().plus(MARGIN)).until(() -> "primary".equals(activeNodeName()));
			load.awaitCommitsOn(primaryPort(), 100, LOAD_START);
		}
		load.stop(LOAD_START);

		assertThat(ManagementFactory.getThreadMXBean().findDeadlockedThreads()).isNull();
		// listeners hear of every change, just after it is decided
		await().atMost(MARGIN).untilAsserted(() -> assertThat(this.dataSource.getPolicy().activeNodeChanges())
			.isEqualTo(this.events.activeNodeChanges().size()));
		assertThat(this.events.activeNodeChanges(Reason.FAILOVER)).hasSizeGreaterThanOrEqualTo(CYCLES);
		assertThat(this.events.activeNodeChanges(Reason.FAILBACK)).hasSizeGreaterThanOrEqualTo(CYCLES);
		assertOnlyTransientFailures(load);
		this.cluster.assertNoAcknowledgedCommitLost(load);
	}

}
