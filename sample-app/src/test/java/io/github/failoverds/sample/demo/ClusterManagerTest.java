package io.github.failoverds.sample.demo;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.failoverds.sample.Actuator;
import io.github.failoverds.sample.DemoRequests;
import io.github.failoverds.sample.OrderRequests;
import io.github.failoverds.sample.orders.AcknowledgedOrders;
import io.github.failoverds.sample.orders.NewOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo's story under its background load: the primary is killed, the cluster manager promotes the
 * standby (here two seconds later: time enough for the starter to see the primary DOWN first, else it would
 * see two primaries, a split brain), writes resume on it and every order acknowledged before the kill is
 * still there; the old primary, restarted, comes back writable and is kept off writes as a split brain.
 * <p>
 * Until the starter waits for a writable node ({@code failover.datasource.await-writable}), writes fail
 * fast during the promotion: how many do is not asserted, only that writes resume and no acknowledged
 * order is lost.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "demo.cluster-manager.promote-after=2s")
@AutoConfigureRestTestClient
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class ClusterManagerTest {

	private static final Duration WAIT = Duration.ofSeconds(60);

	@Autowired
	private RestTestClient client;

	@Autowired
	private DemoCluster cluster;

	private Actuator actuator;

	@BeforeEach
	void actuator() {
		this.actuator = new Actuator(this.client);
	}

	@Test
	void promotesTheStandbyWhenThePrimaryDiesLosingNoAcknowledgedOrder(CapturedOutput output) {
		await("orders of the load on the primary").atMost(WAIT)
			.until(() -> OrderRequests.acknowledged(this.client).count() >= 5);

		DemoRequests.act(this.client, "primary", "kill");
		// nothing can be acknowledged from here until the promotion: these are the orders written before the kill
		AcknowledgedOrders.Summary beforeKill = OrderRequests.acknowledged(this.client);

		awaitPromotedStandbyActive();
		assertThat(output).contains("Demo cluster manager: no primary for", "promoting 'standby-1'");
		await("writes of the load resuming").atMost(WAIT)
			.until(() -> OrderRequests.acknowledged(this.client).lastId() > beforeKill.lastId());
		assertWritesGoTo("standby-1");
		AcknowledgedOrders.Check check = OrderRequests.stillThere(this.client, beforeKill.lastId());
		assertThat(check.acknowledged()).isEqualTo(beforeKill.count());
		assertThat(check.stillThere()).as("orders acknowledged before the kill, read on the promoted standby")
			.isEqualTo(beforeKill.count());

		DemoRequests.act(this.client, "primary", "restart");
		awaitOldPrimaryFencedAsASplitBrain();
		assertWritesGoTo("standby-1");
	}

	private void awaitPromotedStandbyActive() {
		await("standby-1 promoted and active").atMost(WAIT).untilAsserted(() -> {
			Actuator.FailoverState state = this.actuator.failover();
			assertThat(state.active()).isEqualTo("standby-1");
			assertThat(state.node("standby-1").role()).isEqualTo("PRIMARY");
			// no node was active between the crash and the promotion: the change comes from none
			assertThat(state.events()).contains(new Actuator.Event(null, "standby-1", "failover"));
		});
	}

	private void awaitOldPrimaryFencedAsASplitBrain() {
		await("the old primary reported as a split brain").atMost(WAIT).untilAsserted(() -> {
			Actuator.FailoverState state = this.actuator.failover();
			assertThat(state.node("primary").status()).isEqualTo("UP");
			assertThat(state.node("primary").role()).isEqualTo("PRIMARY");
			assertThat(state.splitBrain()).containsExactly("primary");
			assertThat(state.active()).isEqualTo("standby-1");
		});
		Actuator.HealthComponent health = this.actuator.failoverHealth();
		assertThat(health.details()).containsEntry("splitBrain", List.of("primary"))
			.containsEntry("active", "standby-1");
	}

	private void assertWritesGoTo(String node) {
		int serverPort = this.cluster.node(node).orElseThrow().server().port();
		assertThat(OrderRequests.create(this.client, new NewOrder("espresso", 1)).serverPort()).isEqualTo(serverPort);
	}

}
