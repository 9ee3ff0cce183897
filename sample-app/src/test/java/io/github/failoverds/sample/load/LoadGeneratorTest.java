package io.github.failoverds.sample.load;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.failoverds.sample.Actuator;
import io.github.failoverds.sample.OrderRequests;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The background load of the running sample: on by default, counted in {@code demo.requests} and in the
 * acknowledged orders, switched at runtime with {@code POST /demo/load}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class LoadGeneratorTest {

	private static final Duration WAIT = Duration.ofSeconds(60);

	@Autowired
	private RestTestClient client;

	private Actuator actuator;

	@BeforeEach
	void actuator() {
		this.actuator = new Actuator(this.client);
	}

	@AfterEach
	void loadBackOn() {
		switchLoad(true);
	}

	@Test
	void writesFromTheStartAndCountsSuccessesInTheMetric() {
		assertThat(this.actuator.metric(LoadGenerator.ENABLED, "VALUE", null)).isEqualTo(1);
		double before = this.actuator.metric(LoadGenerator.REQUESTS, "COUNT", "outcome:success");
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(this.actuator.metric(LoadGenerator.REQUESTS, "COUNT", "outcome:success"))
				.isGreaterThan(before));
		assertThat(this.actuator.metric(LoadGenerator.REQUESTS, "COUNT", "outcome:error")).isZero();
		assertThat(OrderRequests.acknowledged(this.client).count()).as("orders the load got acknowledged").isPositive();
	}

	@Test
	void switchesOffAndOnAtRuntime() {
		switchLoad(false);
		this.client.get().uri("/demo/load").exchange().expectBody().jsonPath("$.enabled").isEqualTo(false);
		assertThat(this.actuator.metric(LoadGenerator.ENABLED, "VALUE", null)).isZero();
		switchLoad(true);
		assertThat(this.actuator.metric(LoadGenerator.ENABLED, "VALUE", null)).isEqualTo(1);
		double before = this.actuator.metric(LoadGenerator.REQUESTS, "COUNT", "outcome:success");
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(this.actuator.metric(LoadGenerator.REQUESTS, "COUNT", "outcome:success"))
				.isGreaterThan(before));
	}

	private void switchLoad(boolean enabled) {
		this.client.post()
			.uri("/demo/load")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("enabled", enabled))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.enabled")
			.isEqualTo(enabled);
	}

}
