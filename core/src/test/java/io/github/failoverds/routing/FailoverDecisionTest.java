package io.github.failoverds.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.failoverds.health.NodeHealth;
import io.github.failoverds.health.NodeRole;
import io.github.failoverds.health.NodeStatus;
import io.github.failoverds.routing.ActiveNodeChange.Reason;
import io.github.failoverds.routing.Announcement.NewActiveNode;
import io.github.failoverds.routing.Announcement.NodeDown;
import io.github.failoverds.routing.Announcement.Notice;
import io.github.failoverds.routing.Announcement.ServesAgain;
import io.github.failoverds.routing.Announcement.SplitBrainFound;
import io.github.failoverds.routing.FailoverDecision.Memory;
import io.github.failoverds.routing.FailoverDecision.NodeChange;
import io.github.failoverds.routing.FailoverDecision.NodeState;
import io.github.failoverds.routing.FailoverDecision.Outcome;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unit tests of the pure failover decision: plain node states and instants, no pools, no clock.
 */
class FailoverDecisionTest {

	private static final Duration FAILBACK_DELAY = Duration.ofSeconds(10);

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private final FailoverDecision decision = new FailoverDecision(true, FAILBACK_DELAY);

	@Test
	void theFirstWritableNodeIsActiveAtStartWithoutAnnouncement() {
		Memory memory = this.decision.initial(List.of(up("primary", NodeRole.REPLICA), up("standby-1", NodeRole.PRIMARY)));
		assertThat(memory.active()).isEqualTo("standby-1");
		assertThat(memory.lastActive()).isEqualTo("standby-1");
	}

	@Test
	void beforeTheFirstActiveNodeIsChosenChangesAreOnlyAnnounced() {
		Outcome outcome = this.decision.decide(List.of(down("primary"), up("standby-1", NodeRole.PRIMARY)),
				Memory.UNINITIALIZED, wentDown("primary"), T0);
		assertThat(outcome.memory()).isEqualTo(Memory.UNINITIALIZED);
		assertThat(outcome.announcements()).containsExactly(new NodeDown("primary", "refused"));
	}

	@Test
	void failsOverToTheNextWritableNodeAndRetiresTheDeadNodesConnections() {
		Outcome outcome = this.decision.decide(List.of(down("primary"), up("standby-1", NodeRole.PRIMARY)),
				serving("primary"), wentDown("primary"), T0);
		ActiveNodeChange change = new ActiveNodeChange(T0, "primary", "standby-1", Reason.FAILOVER, "'primary' is DOWN: refused");
		assertThat(outcome.memory().active()).isEqualTo("standby-1");
		assertThat(outcome.change()).isEqualTo(change);
		assertThat(outcome.announcements()).containsExactly(new NodeDown("primary", "refused"),
				new NewActiveNode(change));
		assertThat(outcome.evict()).isTrue();
	}

	@Test
	void aReadOnlyNodeIsNotWritable() {
		Outcome outcome = this.decision.decide(List.of(up("primary", NodeRole.REPLICA), up("standby-1", NodeRole.PRIMARY)),
				serving("primary"), null, T0);
		assertThat(outcome.change().detail()).isEqualTo("'primary' is read-only (role REPLICA)");
	}

	@Test
	void failsBackAfterTheDelayAndNotBefore() {
		List<NodeState> nodes = List.of(upSince("primary", T0), up("standby-1", NodeRole.PRIMARY));
		Memory onStandby = serving("standby-1");
		Outcome early = this.decision.decide(nodes, onStandby, null, T0.plus(FAILBACK_DELAY).minusMillis(1));
		assertThat(early.memory()).isEqualTo(onStandby);
		assertThat(early.announcements()).isEmpty();
		Outcome due = this.decision.decide(nodes, onStandby, null, T0.plus(FAILBACK_DELAY));
		assertThat(due.memory().active()).isEqualTo("primary");
		assertThat(due.change()).isEqualTo(new ActiveNodeChange(T0.plus(FAILBACK_DELAY), "standby-1", "primary",
				Reason.FAILBACK, "'primary' has been UP for at least 10000 ms"));
	}

	@Test
	void noFailbackWhenItIsDisabled() {
		FailoverDecision noFailback = new FailoverDecision(false, FAILBACK_DELAY);
		Outcome outcome = noFailback.decide(List.of(upSince("primary", T0), up("standby-1", NodeRole.PRIMARY)),
				serving("standby-1"), null, T0.plus(FAILBACK_DELAY.multipliedBy(10)));
		assertThat(outcome.memory().active()).isEqualTo("standby-1");
	}

	@Test
	void aSwitchoverPinsItsTargetUntilItIsNoLongerWritable() {
		List<NodeState> nodes = List.of(upSince("primary", T0), up("standby-1", NodeRole.PRIMARY));
		Outcome switched = this.decision.switchOver(nodes, serving("primary"), "standby-1", T0);
		assertThat(switched.change().reason()).isEqualTo(Reason.SWITCHOVER);
		assertThat(switched.memory().pinned()).isEqualTo("standby-1");
		Outcome later = this.decision.decide(nodes, switched.memory(), null, T0.plus(FAILBACK_DELAY.multipliedBy(10)));
		assertThat(later.memory().active()).as("no fail-back while pinned").isEqualTo("standby-1");
		Outcome targetDown = this.decision.decide(List.of(upSince("primary", T0), down("standby-1")), later.memory(),
				null, T0.plus(FAILBACK_DELAY.multipliedBy(11)));
		assertThat(targetDown.memory().active()).isEqualTo("primary");
		assertThat(targetDown.memory().pinned()).isNull();
		assertThat(targetDown.change().reason()).isEqualTo(Reason.FAILOVER);
	}

	@Test
	void aSwitchoverToTheActiveNodePinsItWithoutAChange() {
		Outcome outcome = this.decision.switchOver(List.of(up("primary", NodeRole.PRIMARY)), serving("primary"),
				"primary", T0);
		assertThat(outcome.change()).isNull();
		assertThat(outcome.memory().pinned()).isEqualTo("primary");
	}

	@Test
	void noWritableNodeMeansNoActiveNodeAndTheSameNodeServesAgainWithoutAChange() {
		Outcome none = this.decision.decide(List.of(down("primary"), up("standby-1", NodeRole.REPLICA)),
				serving("primary"), null, T0);
		assertThat(none.memory().active()).isNull();
		assertThat(none.memory().lastActive()).isEqualTo("primary");
		assertThat(none.change()).isNull();
		assertThat(none.announcements()).containsExactly(Notice.NO_WRITABLE_NODE);
		Outcome again = this.decision.decide(List.of(upSince("primary", T0), up("standby-1", NodeRole.REPLICA)),
				none.memory(), null, T0);
		assertThat(again.memory().active()).isEqualTo("primary");
		assertThat(again.change()).isNull();
		assertThat(again.announcements()).containsExactly(new ServesAgain("primary"));
	}

	@Test
	void afterAnOutageTheFailoverComesFromNoNodeAndNamesTheLastActiveNode() {
		Memory outage = new Memory(true, null, "primary", null, List.of(), null);
		Outcome outcome = this.decision.decide(List.of(down("primary"), up("standby-1", NodeRole.PRIMARY)), outage,
				null, T0);
		assertThat(outcome.change().from()).isNull();
		assertThat(outcome.change().to()).isEqualTo("standby-1");
		assertThat(outcome.change().detail()).isEqualTo("'primary' is DOWN: refused");
	}

	@Test
	void aSplitBrainIsFoundOnlyWhenOneSideAnsweredAsPrimaryAfterTheOthersPromotion() {
		Instant promoted = T0.plusSeconds(2);
		NodeState standby = new NodeState("standby-1", NodeStatus.UP, NodeRole.PRIMARY, T0, promoted, promoted, null);
		Outcome noEvidence = this.decision.decide(List.of(primaryAnsweredAt(T0.plusSeconds(1)), standby),
				serving("primary"), null, promoted);
		assertThat(noEvidence.memory().splitBrain()).isEmpty();
		assertThat(noEvidence.announcements()).isEmpty();
		Outcome found = this.decision.decide(List.of(primaryAnsweredAt(T0.plusSeconds(3)), standby),
				serving("primary"), null, T0.plusSeconds(3));
		assertThat(found.memory().active()).isEqualTo("primary");
		assertThat(found.memory().splitBrain()).containsExactly("standby-1");
		assertThat(found.memory().splitBrainActive()).isEqualTo("primary");
		assertThat(found.change()).isNull();
		assertThat(found.announcements()).containsExactly(new SplitBrainFound("primary", List.of("standby-1")));
	}

	@Test
	void aNodeFoundInASplitBrainIsFencedUntilOneSideReportsReplica() {
		Memory fenced = new Memory(true, null, "standby-1", null, List.of("primary"), "standby-1");
		Outcome stillFenced = this.decision.decide(List.of(up("primary", NodeRole.PRIMARY), down("standby-1")), fenced,
				null, T0);
		assertThat(stillFenced.memory()).isEqualTo(fenced);
		assertThat(stillFenced.announcements()).isEmpty();
		Outcome demoted = this.decision.decide(
				List.of(up("primary", NodeRole.PRIMARY), up("standby-1", NodeRole.REPLICA)), fenced, null, T0);
		assertThat(demoted.memory().active()).isEqualTo("primary");
		assertThat(demoted.memory().splitBrain()).isEmpty();
		assertThat(demoted.change().reason()).isEqualTo(Reason.FAILOVER);
		assertThat(demoted.announcements()).hasSize(2).last().isEqualTo(Notice.SPLIT_BRAIN_OVER);
	}

	private static Memory serving(String node) {
		return new Memory(true, node, node, null, List.of(), null);
	}

	private static NodeChange wentDown(String node) {
		return new NodeChange(node, new NodeHealth.Change(NodeStatus.UP, NodeStatus.DOWN, NodeRole.PRIMARY,
				NodeRole.PRIMARY));
	}

	private static NodeState up(String name, NodeRole role) {
		return new NodeState(name, NodeStatus.UP, role, T0, null, null, null);
	}

	private static NodeState upSince(String name, Instant since) {
		return new NodeState(name, NodeStatus.UP, NodeRole.PRIMARY, since, null, null, null);
	}

	private static NodeState primaryAnsweredAt(Instant answer) {
		return new NodeState("primary", NodeStatus.UP, NodeRole.PRIMARY, T0, null, answer, null);
	}

	private static NodeState down(String name) {
		return new NodeState(name, NodeStatus.DOWN, NodeRole.PRIMARY, null, null, null, "refused");
	}

}
