package io.github.failoverds.sample.demo;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.failoverds.sample.Actuator;

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
 * HTTP, then waits for the failover endpoint to report the consequence, and leaves every node UP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
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
	void listsTheNodesAndTheActions() {
		this.client.get()
			.uri("/demo")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.nodes[*].name")
			.isEqualTo(DemoCluster.NODE_NAMES)
			.jsonPath("$.actions[*].name")
			.isEqualTo(DemoAction.pathNames());
	}

	@Test
	void killedPrimaryFailsOverToTheStandbyAndComesBackOnRestart() {
		act("primary", "kill");
		await().atMost(WAIT).untilAsserted(() -> {
			Actuator.FailoverState state = this.actuator.failover();
			assertThat(state.active()).isEqualTo("standby-1");
			assertThat(state.events()).contains(new Actuator.Event("primary", "standby-1", "failover"));
		});
		assertThat(this.actuator.status("primary")).isEqualTo("DOWN");
		act("primary", "restart");
		awaitStatus("primary", "UP");
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
			.isEqualTo("Unknown action 'explode'; the actions are [stop, kill, restart, black-hole, heal]");
	}

	private void act(String node, String action) {
		this.client.post()
			.uri("/demo/nodes/{node}/{action}", node, action)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.node")
			.isEqualTo(node)
			.jsonPath("$.action")
			.isEqualTo(action);
	}

	private void awaitStatus(String node, String status) {
		await(node + " " + status).atMost(WAIT)
			.untilAsserted(() -> assertThat(this.actuator.status(node)).isEqualTo(status));
	}

}
