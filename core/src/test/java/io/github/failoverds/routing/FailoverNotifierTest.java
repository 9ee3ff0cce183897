package io.github.failoverds.routing;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.failoverds.health.NodeHealth;
import io.github.failoverds.health.NodeRole;
import io.github.failoverds.health.ProbeResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A slow listener never holds up the failover decision: notifications are delivered after the
 * decision's lock is released, on a thread of their own, in the order they were decided.
 */
class FailoverNotifierTest {

	private final MutableClock clock = new MutableClock();

	private final List<DatabaseNode> nodes = new ArrayList<>();

	private final CountDownLatch listenerMayGoOn = new CountDownLatch(1);

	private final Queue<String> delivered = new ConcurrentLinkedQueue<>();

	private FailoverNotifier notifier;

	@AfterEach
	void close() {
		this.listenerMayGoOn.countDown();
		if (this.notifier != null) {
			this.notifier.close();
		}
		this.nodes.forEach((node) -> node.pool().close());
	}

	@Test
	void aListenerThatBlocksDelaysNeitherAFailingBorrowNorHealthNorAnotherNodesProbe() throws Exception {
		FailoverPolicy policy = policy(new FailoverListener() {

			@Override
			public void onNodeDown(DatabaseNode node, String reason) {
				FailoverNotifierTest.this.delivered.add("down:" + node.name());
				awaitUninterruptibly(FailoverNotifierTest.this.listenerMayGoOn);
			}

			@Override
			public void onActiveNodeChange(ActiveNodeChange event) {
				FailoverNotifierTest.this.delivered.add("active:" + event.from() + "->" + event.to());
			}

			@Override
			public void onRoleChange(DatabaseNode node, NodeRole previous, NodeRole current) {
				FailoverNotifierTest.this.delivered.add("role:" + node.name() + ":" + previous + "->" + current);
			}

		});
		// a request thread whose borrow found the primary dead: its call returns while the listener blocks
		CompletableFuture.runAsync(() -> policy.onBorrowFailure(node("primary"), new SQLException("refused", "08001")))
			.get(10, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.delivered.contains("down:primary"));
		assertThat(policy.active().name()).isEqualTo("standby-1");
		// health reads and another node's probe while the listener still blocks
		CompletableFuture.runAsync(() -> {
			assertThat(policy.splitBrainNodes()).isEmpty();
			assertThat(policy.recentEvents()).hasSize(1);
			probe(policy, "standby-1", NodeRole.REPLICA);
		}).get(10, TimeUnit.SECONDS);
		assertThat(this.delivered).containsExactly("down:primary");
		this.listenerMayGoOn.countDown();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.delivered).containsExactly("down:primary", "active:primary->standby-1",
					"role:standby-1:PRIMARY->REPLICA"));
	}

	@Test
	void aListenerThatThrowsAnErrorDoesNotStopTheDelivery() {
		FailoverPolicy policy = policy(new FailoverListener() {

			@Override
			public void onNodeDown(DatabaseNode node, String reason) {
				throw new AssertionError("listener bug");
			}

			@Override
			public void onActiveNodeChange(ActiveNodeChange event) {
				FailoverNotifierTest.this.delivered.add("active:" + event.to());
			}

		});
		policy.onBorrowFailure(node("primary"), new SQLException("refused", "08001"));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.delivered.contains("active:standby-1"));
	}

	private FailoverPolicy policy(FailoverListener listener) {
		for (String name : List.of("primary", "standby-1")) {
			this.nodes.add(TestNodes.h2(name, this.nodes.size(), new NodeHealth(2, 3, 10)));
		}
		this.notifier = FailoverNotifier.onOwnThread(List.of(listener));
		FailoverPolicy policy = new FailoverPolicy(this.nodes, true, Duration.ofSeconds(10), this.clock, this.notifier,
				(urgent) -> {
				});
		probe(policy, "primary", NodeRole.PRIMARY);
		probe(policy, "standby-1", NodeRole.PRIMARY);
		policy.initialize();
		return policy;
	}

	private void probe(FailoverPolicy policy, String name, NodeRole role) {
		this.clock.advance(Duration.ofMillis(100));
		policy.onProbe(node(name), ProbeResult.healthy(this.clock.instant(), Duration.ZERO, role));
	}

	private DatabaseNode node(String name) {
		return this.nodes.stream().filter((node) -> node.name().equals(name)).findFirst().orElseThrow();
	}

	private static void awaitUninterruptibly(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
