package io.github.failoverds.routing;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.failoverds.health.NodeRole;
import io.github.failoverds.health.NodeHealth;
import io.github.failoverds.health.NodeHealthMonitor;
import io.github.failoverds.health.ProbeResult;
import io.github.failoverds.leak.ConnectionTracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Unit tests of how {@link FailoverPolicy} keeps writes off the other side of a split brain, with
 * roles driven by hand: a node found in a split brain stays off writes, by failover as by fail-back,
 * until one side reports read-only again or an operator switches over to it.
 */
class SplitBrainFencingTest {

	private static final Duration FAILBACK_DELAY = Duration.ofSeconds(1);

	private final MutableClock clock = new MutableClock();

	private final List<DatabaseNode> nodes = new ArrayList<>();

	private FailoverPolicy policy;

	@BeforeEach
	void createPolicy() {
		for (String name : List.of("primary", "standby-1")) {
			this.nodes.add(TestNodes.h2(name, this.nodes.size(), new NodeHealth(2, 2, 10)));
		}
		this.policy = TestPolicies.delivering(this.nodes, true, FAILBACK_DELAY, this.clock, List.of());
		report("primary", NodeRole.PRIMARY);
		report("standby-1", NodeRole.REPLICA);
		this.policy.initialize();
	}

	@AfterEach
	void closePools() {
		this.nodes.forEach((node) -> node.pool().close());
	}

	@Test
	void oldPrimaryStaysOffWritesWhenThePromotedNodeGoesDown() {
		failOverToPromotedStandbyAndRestartOldPrimary();
		down("standby-1");
		assertThat(this.policy.active()).as("active node with only the old primary writable").isNull();
		assertThat(this.policy.splitBrainNodes()).containsExactly("primary");
		report("standby-1", NodeRole.PRIMARY);
		report("standby-1", NodeRole.PRIMARY);
		this.clock.advance(FAILBACK_DELAY.multipliedBy(2));
		report("primary", NodeRole.PRIMARY);
		assertThat(this.policy.active().name()).isEqualTo("standby-1");
	}

	@Test
	void borrowsFailFastNamingTheNodeKeptOffWrites() {
		failOverToPromotedStandbyAndRestartOldPrimary();
		down("standby-1");
		ReplicaSelector replicas = new ReplicaSelector(this.nodes, null);
		FailoverDataSource dataSource = new FailoverDataSource(this.nodes, this.policy,
				new NodeHealthMonitor(Duration.ofSeconds(1), Duration.ofSeconds(1), 2, this.clock),
				new FailoverNotifier(List.of(), Runnable::run), new ConnectionTracker(Duration.ZERO, false, 0, this.clock),
				new BorrowLimits(Duration.ofSeconds(1), Duration.ZERO), null, replicas,
				new ReadYourWrites(false, replicas, Duration.ZERO));
		assertThatExceptionOfType(SQLTransientConnectionException.class).isThrownBy(dataSource::getConnection)
			.withMessageStartingWith("No writable node is available:")
			.withMessageContaining("primary is UP (role PRIMARY, kept off writes after a split brain)")
			.withMessageContaining("standby-1 is DOWN (refused)")
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("08001"));
	}

	@Test
	void oldPrimaryTakesWritesAgainOnceItRejoinsAsAReplicaAndIsPromoted() {
		failOverToPromotedStandbyAndRestartOldPrimary();
		report("primary", NodeRole.REPLICA);
		assertThat(this.policy.splitBrainNodes()).isEmpty();
		down("standby-1");
		report("primary", NodeRole.PRIMARY);
		assertThat(this.policy.active().name()).isEqualTo("primary");
	}

	@Test
	void demotingTheActiveSideOfASplitBrainMovesWritesToTheOtherSide() {
		report("standby-1", NodeRole.PRIMARY);
		report("primary", NodeRole.PRIMARY);
		assertThat(this.policy.active().name()).isEqualTo("primary");
		assertThat(this.policy.splitBrainNodes()).containsExactly("standby-1");
		report("primary", NodeRole.REPLICA);
		assertThat(this.policy.active().name()).isEqualTo("standby-1");
		assertThat(this.policy.splitBrainNodes()).isEmpty();
	}

	@Test
	void operatorMaySwitchOverToTheOtherSideOfASplitBrain() {
		failOverToPromotedStandbyAndRestartOldPrimary();
		this.policy.switchOver("primary");
		report("primary", NodeRole.PRIMARY);
		assertThat(this.policy.active().name()).isEqualTo("primary");
		assertThat(this.policy.splitBrainNodes()).containsExactly("standby-1");
	}

	private void failOverToPromotedStandbyAndRestartOldPrimary() {
		down("primary");
		report("standby-1", NodeRole.PRIMARY);
		assertThat(this.policy.active().name()).isEqualTo("standby-1");
		report("primary", NodeRole.PRIMARY);
		report("primary", NodeRole.PRIMARY);
		assertThat(this.policy.splitBrainNodes()).containsExactly("primary");
	}

	private void report(String name, NodeRole role) {
		this.clock.advance(Duration.ofMillis(100));
		this.policy.onProbe(node(name), ProbeResult.healthy(this.clock.instant(), Duration.ZERO, role));
	}

	private void down(String name) {
		for (int i = 0; i < 2; i++) {
			this.clock.advance(Duration.ofMillis(100));
			this.policy.onProbe(node(name), ProbeResult.failed(this.clock.instant(), Duration.ZERO, "refused"));
		}
	}

	private DatabaseNode node(String name) {
		return this.nodes.stream().filter((node) -> node.name().equals(name)).findFirst().orElseThrow();
	}

}
