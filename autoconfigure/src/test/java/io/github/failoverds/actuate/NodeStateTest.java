package io.github.failoverds.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.failoverds.health.NodeHealth;
import io.github.failoverds.health.NodeRole;
import io.github.failoverds.health.ProbeResult;
import io.github.failoverds.routing.DatabaseNode;
import io.github.failoverds.routing.ReplicaSelector;
import io.github.failoverds.routing.TestNodes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A DOWN node's role is unknown: it may have changed while nobody could see it (an old primary may come
 * back as a replica), so health shows it as the last known role, with when it was seen.
 */
class NodeStateTest {

	private final NodeHealth health = new NodeHealth(1, 1, 10);

	private final DatabaseNode node = TestNodes.h2("state", 0, this.health);

	@AfterEach
	void close() {
		this.node.pool().close();
	}

	@Test
	void anUpNodeShowsItsRole() {
		Instant seen = Instant.parse("2026-12-04T10:00:00Z");
		this.health.record(ProbeResult.healthy(seen, Duration.ZERO, NodeRole.PRIMARY));
		NodeState state = NodeState.of(this.node, new ReplicaSelector(List.of(this.node), null));
		assertThat(state.role()).isEqualTo("PRIMARY");
		assertThat(state.lastKnownRole()).isEqualTo("PRIMARY");
		assertThat(state.roleSeenAt()).isEqualTo(seen);
	}

	@Test
	void aDownNodeShowsAnUnknownRoleAndTheLastKnownOneWithItsTime() {
		Instant seen = Instant.parse("2026-12-04T10:00:00Z");
		this.health.record(ProbeResult.healthy(seen, Duration.ZERO, NodeRole.PRIMARY));
		this.health.record(ProbeResult.failed(seen.plusSeconds(1), Duration.ZERO, "refused"));
		NodeState state = NodeState.of(this.node, new ReplicaSelector(List.of(this.node), null));
		assertThat(state.status()).isEqualTo("DOWN");
		assertThat(state.role()).isEqualTo("UNKNOWN");
		assertThat(state.lastKnownRole()).isEqualTo("PRIMARY");
		assertThat(state.roleSeenAt()).isEqualTo(seen);
	}

}
