package io.github.failoverds.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.failoverds.health.NodeHealth;
import io.github.failoverds.health.NodeRole;
import io.github.failoverds.health.NodeStatus;
import io.github.failoverds.health.ProbeResult;
import io.github.failoverds.routing.ActiveNodeChange.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Unit tests of the failover decision, with node states driven by hand.
 */
class FailoverPolicyTest {

	private static final Duration FAILBACK_DELAY = Duration.ofSeconds(10);

	private static final Duration PROBE_INTERVAL = Duration.ofMillis(100);

	private final MutableClock clock = new MutableClock();

	private final List<DatabaseNode> nodes = new ArrayList<>();

	private final List<ActiveNodeChange> events = new ArrayList<>();

	private final List<String> nodeEvents = new ArrayList<>();

	private FailoverListener firstListener = new FailoverListener() {
	};

	@AfterEach
	void closePools() {
		this.nodes.forEach((node) -> node.pool().close());
	}

	@Test
	void firstWritableNodeIsActiveAtStart() {
		FailoverPolicy policy = policy(true, "primary", "standby-1");
		assertThat(policy.active().name()).isEqualTo("primary");
		assertThat(policy.activeNodeChanges()).isZero();
	}

	@Test
	void failsOverAfterFailureThresholdAndCountsOnce() {
		FailoverPolicy policy = policy(true, "primary", "standby-1");
		fail(policy, "primary");
		assertThat(policy.active().name()).isEqualTo("primary");
		fail(policy, "primary");
		assertThat(policy.active().name()).isEqualTo("standby-1");
		fail(policy, "primary");
		assertThat(policy.activeNodeChanges()).isEqualTo(1);
		assertThat(this.events).singleElement().satisfies((event) -> {
			assertThat(event.from()).isEqualTo("primary");
			assertThat(event.to()).isEqualTo("standby-1");
			assertThat(event.reason()).isEqualTo(Reason.FAILOVER);
			assertThat(event.detail()).contains("primary").contains("refused");
		});
		assertThat(this.nodeEvents).containsExactly("down:primary");
	}

	@Test
	void borrowFailureMarksNodeDownAtOnce() {
		FailoverPolicy policy = policy(true, "primary", "standby-1");
		policy.onBorrowFailure(node("primary"), new java.sql.SQLException("Connection refused", "08001"));
		assertThat(policy.active().name()).isEqualTo("standby-1");
		assertThat(node("primary").health().status()).isEqualTo(NodeStatus.DOWN);
	}

	@Test
	void failsBackOnlyAfterDelayOfContinuousHealth() {
		FailoverPolicy policy = failedOverAndPrimaryRecovered(true);
		assertThat(node("primary").health().isUp()).isTrue();
		this.clock.advance(FAILBACK_DELAY.minusMillis(1));
		succeed(policy, "standby-1");
		assertThat(policy.active().name()).isEqualTo("standby-1");
		this.clock.advance(Duration.ofMillis(1));
		succeed(policy, "standby-1");
		assertThat(policy.active().name()).isEqualTo("primary");
		assertThat(this.events).extracting(ActiveNodeChange::reason).containsExactly(Reason.FAILOVER, Reason.FAILBACK);
		assertThat(this.nodeEvents).containsExactly("down:primary", "up:primary");
	}

	@Test
	void flappingNodeRestartsTheFailbackDelay() {
		FailoverPolicy policy = failedOverAndPrimaryRecovered(true);
		this.clock.advance(FAILBACK_DELAY.minusSeconds(1));
		down(policy, "primary");
		recover(policy, "primary");
		this.clock.advance(Duration.ofSeconds(2));
		succeed(policy, "standby-1");
		assertThat(policy.active().name()).isEqualTo("standby-1");
	}

	@Test
	void staysOnStandbyWhenFailbackIsDisabled() {
		FailoverPolicy policy = failedOverAndPrimaryRecovered(false);
		this.clock.advance(FAILBACK_DELAY.multipliedBy(10));
		succeed(policy, "primary");
		assertThat(policy.active().name()).isEqualTo("standby-1");
	}

	@Test
	void secondStandbyServesWhenPrimaryAndFirstStandbyAreDown() {
		FailoverPolicy policy = policy(true, "primary", "standby-1", "standby-2");
		down(policy, "primary");
		down(policy, "standby-1");
		assertThat(policy.active().name()).isEqualTo("standby-2");
		assertThat(this.events).extracting(ActiveNodeChange::to).containsExactly("standby-1", "standby-2");
	}

	@Test
	void noActiveNodeWhenAllAreDownAndResumesWithoutEventOnSameNode() {
		FailoverPolicy policy = policy(true, "primary", "standby-1");
		down(policy, "standby-1");
		down(policy, "primary");
		assertThat(policy.active()).isNull();
		recover(policy, "primary");
		assertThat(policy.active().name()).isEqualTo("primary");
		assertThat(this.events).isEmpty();
	}

	@Test
	void readOnlyNodeIsNotEligible() {
		FailoverPolicy policy = policy(true, "primary", "standby-1");
		role(policy, "primary", NodeRole.REPLICA);
		assertThat(policy.active().name()).isEqualTo("standby-1");
		assertThat(this.nodeEvents).as("the first role a node reports is no change").isEmpty();
	}

	@Test
	void aPromotionSeenAfterThePrimaryStoppedAnsweringIsAFailoverNotASplitBrain() {
		FailoverPolicy policy = primaryWithReplica();
		// the primary is partitioned: its probes time out, and its replica is promoted before it is DOWN
		fail(policy, "primary");
		role(policy, "standby-1", NodeRole.PRIMARY);
		assertThat(policy.splitBrainNodes()).isEmpty();
		fail(policy, "primary");
		assertThat(policy.active().name()).isEqualTo("standby-1");
		assertThat(policy.splitBrainNodes()).isEmpty();
		assertThat(this.events).singleElement().satisfies((event) -> {
			assertThat(event.reason()).isEqualTo(Reason.FAILOVER);
			assertThat(event.from()).isEqualTo("primary");
		});
	}

	@Test
	void aPromotionWhileThePrimaryStillAnswersAsPrimaryIsASplitBrain() {
		FailoverPolicy policy = primaryWithReplica();
		role(policy, "standby-1", NodeRole.PRIMARY);
		assertThat(policy.splitBrainNodes()).as("no evidence yet: the primary has not answered since").isEmpty();
		role(policy, "primary", NodeRole.PRIMARY);
		assertThat(policy.active().name()).isEqualTo("primary");
		assertThat(policy.splitBrainNodes()).containsExactly("standby-1");
		assertThat(this.nodeEvents).contains("split-brain:primary:[standby-1]");
	}

	@Test
	void aRoleChangeDuringAnOutageIsAnnouncedWhenTheNodeAnswersAgain() {
		FailoverPolicy policy = policy(true, "primary", "standby-1");
		role(policy, "primary", NodeRole.PRIMARY);
		down(policy, "primary");
		role(policy, "primary", NodeRole.REPLICA);
		assertThat(this.nodeEvents).containsExactly("down:primary", "role:primary:PRIMARY->REPLICA");
	}

	@Test
	void afterAnOutageTheFailoverComesFromNoNodeAndNamesTheNodeThatWentDown() {
		FailoverPolicy policy = replicaPromotedAfterPrimaryWentDown();
		assertThat(this.events).singleElement().satisfies((event) -> {
			assertThat(event.from()).isNull();
			assertThat(event.to()).isEqualTo("standby-1");
			assertThat(event.detail()).startsWith("'primary' is DOWN: Connection refused");
		});
	}

	@Test
	void historyCountsEachReasonApart() {
		FailoverPolicy policy = failedOverAndPrimaryRecovered(true);
		this.clock.advance(FAILBACK_DELAY);
		succeed(policy, "primary");
		policy.switchOver("standby-1");
		FailoverHistory history = policy.history();
		assertThat(history.count(Reason.FAILOVER)).isOne();
		assertThat(history.count(Reason.FAILBACK)).isOne();
		assertThat(history.count(Reason.SWITCHOVER)).isOne();
		assertThat(history.activeNodeChanges()).isEqualTo(3);
	}

	@Test
	void writesFollowAPromotedReplicaAndNeverGoToASecondWritableNode() {
		FailoverPolicy policy = replicaPromotedAfterPrimaryWentDown();
		assertThat(policy.active().name()).isEqualTo("standby-1");
		for (int i = 0; i < 3; i++) {
			role(policy, "primary", NodeRole.PRIMARY);
		}
		this.clock.advance(FAILBACK_DELAY.multipliedBy(2));
		role(policy, "primary", NodeRole.PRIMARY);
		assertThat(policy.active().name()).isEqualTo("standby-1");
		assertThat(policy.splitBrainNodes()).containsExactly("primary");
		assertThat(this.nodeEvents).containsOnlyOnce("split-brain:standby-1:[primary]");
		role(policy, "primary", NodeRole.REPLICA);
		assertThat(policy.splitBrainNodes()).isEmpty();
		assertThat(this.events).extracting(ActiveNodeChange::reason).containsExactly(Reason.FAILOVER);
	}

	@Test
	void manualSwitchoverHoldsUntilTargetGoesDown() {
		FailoverPolicy policy = policy(true, "primary", "standby-1");
		ActiveNodeChange event = policy.switchOver("standby-1");
		assertThat(event.reason()).isEqualTo(Reason.SWITCHOVER);
		this.clock.advance(FAILBACK_DELAY.multipliedBy(10));
		succeed(policy, "primary");
		assertThat(policy.active().name()).isEqualTo("standby-1");
		down(policy, "standby-1");
		assertThat(policy.active().name()).isEqualTo("primary");
		assertThat(this.events).extracting(ActiveNodeChange::reason).containsExactly(Reason.SWITCHOVER, Reason.FAILOVER);
	}

	@Test
	void manualSwitchoverRejectsUnknownAndDownNodes() {
		FailoverPolicy policy = policy(true, "primary", "standby-1");
		assertThatIllegalArgumentException().isThrownBy(() -> policy.switchOver("nope"))
			.withMessageContaining("nope")
			.withMessageContaining("standby-1");
		down(policy, "standby-1");
		assertThatIllegalStateException().isThrownBy(() -> policy.switchOver("standby-1"))
			.withMessageContaining("DOWN");
	}

	@Test
	void aListenerThatThrowsNeitherStopsTheDecisionNorTheOtherListeners() {
		this.firstListener = new FailoverListener() {

			@Override
			public void onNodeDown(DatabaseNode node, String reason) {
				throw new IllegalStateException("listener bug");
			}

			@Override
			public void onActiveNodeChange(ActiveNodeChange event) {
				throw new IllegalStateException("listener bug");
			}

		};
		FailoverPolicy policy = policy(true, "primary", "standby-1");
		down(policy, "primary");
		assertThat(policy.active().name()).isEqualTo("standby-1");
		assertThat(this.nodeEvents).containsExactly("down:primary");
		assertThat(this.events).singleElement().satisfies((event) -> assertThat(event.to()).isEqualTo("standby-1"));
	}

	private FailoverPolicy policy(boolean failback, String... names) {
		for (String name : names) {
			this.nodes.add(TestNodes.h2(name, this.nodes.size(), new NodeHealth(2, 3, 10)));
		}
		FailoverListener recorder = new FailoverListener() {

			@Override
			public void onNodeDown(DatabaseNode node, String reason) {
				FailoverPolicyTest.this.nodeEvents.add("down:" + node.name());
			}

			@Override
			public void onNodeUp(DatabaseNode node) {
				FailoverPolicyTest.this.nodeEvents.add("up:" + node.name());
			}

			@Override
			public void onRoleChange(DatabaseNode node, NodeRole previous, NodeRole current) {
				FailoverPolicyTest.this.nodeEvents.add("role:" + node.name() + ":" + previous + "->" + current);
			}

			@Override
			public void onSplitBrain(DatabaseNode active, List<DatabaseNode> others) {
				FailoverPolicyTest.this.nodeEvents.add("split-brain:" + active.name() + ":" + others);
			}

			@Override
			public void onActiveNodeChange(ActiveNodeChange event) {
				FailoverPolicyTest.this.events.add(event);
			}

		};
		FailoverPolicy policy = TestPolicies.delivering(this.nodes, failback, FAILBACK_DELAY, this.clock,
				List.of(this.firstListener, recorder));
		for (DatabaseNode node : this.nodes) {
			policy.onProbe(node, ProbeResult.healthy(this.clock.instant(), Duration.ZERO, NodeRole.UNKNOWN));
		}
		policy.initialize();
		return policy;
	}

	/** A policy that failed over from the primary to standby-1, and whose primary is UP again from now on. */
	private FailoverPolicy failedOverAndPrimaryRecovered(boolean failback) {
		FailoverPolicy policy = policy(failback, "primary", "standby-1");
		down(policy, "primary");
		recover(policy, "primary");
		return policy;
	}

	/** A policy over a primary and its replica, standby-1, both answering. */
	private FailoverPolicy primaryWithReplica() {
		FailoverPolicy policy = policy(true, "primary", "standby-1");
		role(policy, "primary", NodeRole.PRIMARY);
		role(policy, "standby-1", NodeRole.REPLICA);
		return policy;
	}

	/** The primary went DOWN, leaving no writable node, then its replica was promoted. */
	private FailoverPolicy replicaPromotedAfterPrimaryWentDown() {
		FailoverPolicy policy = primaryWithReplica();
		down(policy, "primary");
		assertThat(policy.active()).isNull();
		role(policy, "standby-1", NodeRole.PRIMARY);
		return policy;
	}

	private DatabaseNode node(String name) {
		return this.nodes.stream().filter((node) -> node.name().equals(name)).findFirst().orElseThrow();
	}

	private void fail(FailoverPolicy policy, String name) {
		policy.onProbe(node(name), ProbeResult.failed(this.clock.instant(), Duration.ZERO, "Connection refused"));
	}

	/** As many failed probes as the failure threshold: the node is DOWN. */
	private void down(FailoverPolicy policy, String name) {
		fail(policy, name);
		fail(policy, name);
	}

	private void succeed(FailoverPolicy policy, String name) {
		policy.onProbe(node(name), ProbeResult.healthy(this.clock.instant(), Duration.ZERO, NodeRole.UNKNOWN));
	}

	private void role(FailoverPolicy policy, String name, NodeRole role) {
		this.clock.advance(PROBE_INTERVAL);
		policy.onProbe(node(name), ProbeResult.healthy(this.clock.instant(), Duration.ZERO, role));
	}

	private void recover(FailoverPolicy policy, String name) {
		for (int i = 0; i < 3; i++) {
			succeed(policy, name);
		}
	}

}
