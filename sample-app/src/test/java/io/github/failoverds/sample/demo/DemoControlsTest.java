package io.github.failoverds.sample.demo;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.failoverds.sample.Actuator;
import io.github.failoverds.sample.DemoRequests;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo controls break and repair the real demo nodes, and the starter sees it: each test acts over
 * HTTP, then waits for the failover endpoint to report the consequence, and leaves every node UP in its
 * role. The cluster manager is off, so that nothing is promoted behind the tests' back (it has
 * {@link ClusterManagerTest} of its own).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "demo.cluster-manager.enabled=false")
@AutoConfigureRestTestClient
@DirtiesContext
class DemoControlsTest {

	private static final Duration WAIT = Duration.ofSeconds(60);

	@Autowired
	private RestTestClient client;

	private Actuator actuator;

	@BeforeEach
	void actuator() {
		this.actuator = new Actuator(this.client);
	}

	@Test
	void listsTheNodesTheActionsAndTheClusterManager() {
		this.client.get()
			.uri("/demo")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.nodes[*].name")
			.isEqualTo(DemoCluster.NODE_NAMES)
			.jsonPath("$.actions[*].name")
			.isEqualTo(DemoAction.pathNames())
			.jsonPath("$.clusterManager.automatic")
			.isEqualTo(false);
	}

	@Test
	void killedPrimaryLeavesNoWritableNodeUntilItRestarts() {
		act("primary", "kill");
		await().atMost(WAIT).untilAsserted(() -> {
			Actuator.FailoverState state = this.actuator.failover();
			assertThat(state.node("primary").status()).isEqualTo("DOWN");
			assertThat(state.active()).isNull();
		});
		assertThat(this.actuator.node("standby-1").role()).as("a replica, never promoted with the manager off")
			.isEqualTo("REPLICA");
		act("primary", "restart");
		await().atMost(WAIT).untilAsserted(() -> assertThat(this.actuator.failover().active()).isEqualTo("primary"));
	}

	@Test
	void killedStandbyComesBackAsAReplica() {
		act("standby-1", "kill");
		awaitStatus("standby-1", "DOWN");
		act("standby-1", "restart");
		awaitStatus("standby-1", "UP");
		assertThat(this.actuator.node("standby-1").role()).isEqualTo("REPLICA");
	}

	@Test
	void blackHoledNodeGoesDownAndHeals() {
		act("standby-1", "black-hole");
		awaitStatus("standby-1", "DOWN");
		act("standby-1", "heal");
		awaitStatus("standby-1", "UP");
	}

	@Test
	void stoppedNodeGoesDownAndRestarts() {
		act("standby-1", "stop");
		awaitStatus("standby-1", "DOWN");
		act("standby-1", "restart");
		awaitStatus("standby-1", "UP");
	}

	@Test
	void promotingAPrimaryIsRefused() {
		this.client.post()
			.uri("/demo/nodes/primary/promote")
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Node 'primary' cannot be promoted: it is PRIMARY, not a REPLICA");
	}

	@Test
	void unknownNodeIsNotFound() {
		this.client.post()
			.uri("/demo/nodes/replica-9/kill")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Unknown demo node 'replica-9'; the demo nodes are [primary, standby-1]");
	}

	@Test
	void unknownActionIsNotFound() {
		this.client.post()
			.uri("/demo/nodes/primary/explode")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Unknown action 'explode'; the actions are [stop, kill, restart, black-hole, heal, promote]");
	}

	private void act(String node, String action) {
		DemoRequests.act(this.client, node, action);
	}

	private void awaitStatus(String node, String status) {
		await(node + " " + status).atMost(WAIT)
			.untilAsserted(() -> assertThat(this.actuator.status(node)).isEqualTo(status));
	}

}
