package io.github.failoverds.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.failoverds.health.NodeHealth;
import io.github.failoverds.health.NodeRole;
import io.github.failoverds.health.ProbeResult;
import io.github.failoverds.health.ReplicationLag;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which replicas take reads under a lag limit of 10 s: none whose lag is unknown or above the limit, and a
 * replica held back takes reads again only at or below 8 s, so that a lag near the limit does not flap.
 */
class ReplicaSelectorTest {

	private static final Duration MAX_LAG = Duration.ofSeconds(10);

	private final DatabaseNode replica = TestNodes.h2("replica", 0, new NodeHealth(1, 1, 10));

	@AfterEach
	void closePool() {
		this.replica.pool().close();
	}

	@Test
	void withoutALimitEveryUpReplicaTakesReadsAndItsLagIsRecorded() {
		ReplicaSelector selector = new ReplicaSelector(List.of(this.replica), null);
		probe(selector, lag(600));
		assertThat(selector.isEligible(this.replica)).isTrue();
		assertThat(selector.lag(this.replica).time()).isEqualTo(Duration.ofSeconds(600));
		probe(selector, null);
		assertThat(selector.isEligible(this.replica)).isTrue();
		assertThat(selector.lag(this.replica)).isNull();
	}

	@Test
	void aReplicaWhoseLagIsUnknownTakesNoReads() {
		ReplicaSelector selector = new ReplicaSelector(List.of(this.replica), MAX_LAG);
		probe(selector, null);
		assertThat(selector.isEligible(this.replica)).isFalse();
		probe(selector, lag(0));
		assertThat(selector.isEligible(this.replica)).isTrue();
	}

	@Test
	void aReplicaAboveTheLimitComesBackOnlyBelowEightTenthsOfIt() {
		ReplicaSelector selector = new ReplicaSelector(List.of(this.replica), MAX_LAG);
		probe(selector, lag(1));
		assertThat(selector.isEligible(this.replica)).isTrue();
		probe(selector, lag(9));
		assertThat(selector.isEligible(this.replica)).as("within the limit").isTrue();
		probe(selector, lag(11));
		assertThat(selector.isEligible(this.replica)).as("above the limit").isFalse();
		probe(selector, lag(9));
		assertThat(selector.isEligible(this.replica)).as("back under the limit, above 8 s").isFalse();
		probe(selector, lag(7));
		assertThat(selector.isEligible(this.replica)).as("below 8 s").isTrue();
	}

	@Test
	void aLimitOfZeroAdmitsOnlyReplicasThatHaveCaughtUp() {
		ReplicaSelector selector = new ReplicaSelector(List.of(this.replica), Duration.ZERO);
		probe(selector, lag(1));
		assertThat(selector.isEligible(this.replica)).isFalse();
		probe(selector, lag(0));
		assertThat(selector.isEligible(this.replica)).isTrue();
	}

	@Test
	void aFailedProbeTakesTheReplicaOutAtOnceWhileItIsStillUp() {
		ReplicaSelector selector = new ReplicaSelector(List.of(this.replica), MAX_LAG);
		probe(selector, lag(0));
		ProbeResult failed = ProbeResult.failed(Instant.now(), Duration.ZERO, "refused");
		selector.onProbe(this.replica, failed);
		assertThat(this.replica.health().isUp()).isTrue();
		assertThat(selector.isEligible(this.replica)).isFalse();
	}

	@Test
	void aPrimaryIsNeverEligible() {
		ReplicaSelector selector = new ReplicaSelector(List.of(this.replica), null);
		ProbeResult primary = ProbeResult.healthy(Instant.now(), Duration.ZERO, NodeRole.PRIMARY);
		this.replica.health().record(primary);
		selector.onProbe(this.replica, primary);
		assertThat(selector.isEligible(this.replica)).isFalse();
	}

	private void probe(ReplicaSelector selector, ReplicationLag lag) {
		ProbeResult result = ProbeResult.healthy(Instant.now(), Duration.ZERO, NodeRole.REPLICA, lag);
		this.replica.health().record(result);
		selector.onProbe(this.replica, result);
	}

	private static ReplicationLag lag(long seconds) {
		return new ReplicationLag(Duration.ofSeconds(seconds), seconds * 1_000, 0);
	}

}
