package io.github.failoverds.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.failoverds.autoconfigure.event.DatabaseNodeRoleChangedEvent;
import io.github.failoverds.autoconfigure.event.SplitBrainEvent;
import io.github.failoverds.health.NodeHealth;
import io.github.failoverds.health.ProbeResult;
import io.github.failoverds.routing.DatabaseNode;
import io.github.failoverds.health.NodeRole;
import io.github.failoverds.routing.TestNodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * How {@link FailoverEventsPublisher} turns the policy's role and split-brain reports into Spring
 * application events, and keeps a failing application listener away from the probe loop.
 */
class FailoverEventsPublisherTest {

	private final List<Object> published = new ArrayList<>();

	private final List<DatabaseNode> nodes = new ArrayList<>();

	@AfterEach
	void closePools() {
		this.nodes.forEach((node) -> node.pool().close());
	}

	@Test
	void publishesARoleChangeWithThePreviousAndTheNewRole() {
		DatabaseNode standby = node("standby-1", NodeRole.PRIMARY);
		started(new FailoverEventsPublisher(this.published::add)).onRoleChange(standby, NodeRole.REPLICA,
				NodeRole.PRIMARY);
		assertThat(this.published).singleElement()
			.isInstanceOfSatisfying(DatabaseNodeRoleChangedEvent.class, (event) -> {
				assertThat(event.getNodeName()).isEqualTo("standby-1");
				assertThat(event.getPreviousRole()).isEqualTo(NodeRole.REPLICA);
				assertThat(event.getRole()).isEqualTo(NodeRole.PRIMARY);
				assertThat(event).hasToString("Database node 'standby-1' changed role from REPLICA to PRIMARY");
			});
	}

	@Test
	void publishesASplitBrainWithTheActiveAndTheOtherWritableNodes() {
		DatabaseNode active = node("standby-1", NodeRole.PRIMARY);
		DatabaseNode other = node("primary", NodeRole.PRIMARY);
		started(new FailoverEventsPublisher(this.published::add)).onSplitBrain(active, List.of(other));
		assertThat(this.published).singleElement().isInstanceOfSatisfying(SplitBrainEvent.class, (event) -> {
			assertThat(event.getActiveNode()).isSameAs(active);
			assertThat(event.getOtherWritableNodes()).containsExactly(other);
			assertThat(event).hasToString("Split brain: [primary] accept writes besides the active node 'standby-1'");
		});
	}

	@Test
	void aFailingApplicationListenerDoesNotReachTheCaller() {
		DatabaseNode node = node("primary", NodeRole.PRIMARY);
		FailoverEventsPublisher publisher = started(new FailoverEventsPublisher((event) -> {
			throw new IllegalStateException("listener bug");
		}));
		assertThatNoException().isThrownBy(() -> publisher.onRoleChange(node, NodeRole.REPLICA, NodeRole.PRIMARY));
	}

	@Test
	void changesSeenWhileTheContextCreatesItsBeansArePublishedInOrderOnceItStarts() {
		DatabaseNode node = node("primary", NodeRole.PRIMARY);
		FailoverEventsPublisher publisher = new FailoverEventsPublisher(this.published::add);
		publisher.onNodeDown(node, "refused");
		publisher.onNodeUp(node);
		assertThat(this.published).isEmpty();
		publisher.start();
		assertThat(this.published).extracting((event) -> event.getClass().getSimpleName())
			.containsExactly("DatabaseNodeDownEvent", "DatabaseNodeUpEvent");
	}

	@Test
	void nothingIsPublishedOrKeptAfterStop() {
		DatabaseNode node = node("primary", NodeRole.PRIMARY);
		FailoverEventsPublisher publisher = started(new FailoverEventsPublisher(this.published::add));
		publisher.stop();
		publisher.onNodeUp(node);
		publisher.start();
		assertThat(this.published).isEmpty();
	}

	private static FailoverEventsPublisher started(FailoverEventsPublisher publisher) {
		publisher.start();
		return publisher;
	}

	private DatabaseNode node(String name, NodeRole role) {
		NodeHealth health = new NodeHealth(1, 1, 10);
		health.record(ProbeResult.healthy(Instant.now(), Duration.ZERO, role));
		DatabaseNode node = TestNodes.h2(name, this.nodes.size(), health);
		this.nodes.add(node);
		return node;
	}

}
