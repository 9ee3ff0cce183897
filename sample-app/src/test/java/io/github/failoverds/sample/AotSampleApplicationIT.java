package io.github.failoverds.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.failoverds.sample.orders.NewOrder;
import io.github.failoverds.sample.orders.Order;

import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample processed ahead of time ({@code spring-boot:process-aot}, Maven profile {@code aot}) and started
 * from its jar with {@code -Dspring.aot.enabled=true}, in a JVM of its own: the generated initializer builds the
 * context, the failover DataSource serves, and a killed primary fails over to the standby, which takes the
 * next order.
 */
class AotSampleApplicationIT {

	private static final Duration STARTUP = Duration.ofSeconds(120);

	private Path log;

	private Process application;

	private RestTestClient client;

	@BeforeEach
	void startTheProcessedJar() throws IOException {
		int port = freePort();
		this.log = Files.createTempFile(Path.of(System.getProperty("java.io.tmpdir")), "sample-aot-", ".log");
		this.application = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Dspring.aot.enabled=true", "-jar", System.getProperty("sample.jar"), "--server.port=" + port,
				"--demo.load.enabled=false")
			.redirectErrorStream(true)
			.redirectOutput(this.log.toFile())
			.start();
		await("the AOT-processed sample to start").atMost(STARTUP)
			.until(() -> !this.application.isAlive() || output().contains("Started SampleApplication"));
		assertThat(this.application.isAlive()).as(output()).isTrue();
		this.client = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
	}

	@AfterEach
	void stopTheApplication() throws Exception {
		if (this.application != null) {
			this.application.destroy();
			if (!this.application.waitFor(60, TimeUnit.SECONDS)) {
				this.application.destroyForcibly();
			}
		}
		if (this.log != null) {
			Files.deleteIfExists(this.log);
		}
	}

	@Test
	void theGeneratedInitializerRunsTheSampleAndAKilledPrimaryFailsOver() throws IOException {
		assertThat(output()).contains("Starting AOT-processed SampleApplication");
		Actuator actuator = new Actuator(this.client);
		assertThat(actuator.failover().active()).isEqualTo("primary");
		Order onPrimary = OrderRequests.create(this.client, new NewOrder("coffee", 1));

		this.client.post().uri("/demo/nodes/primary/kill").exchange().expectStatus().isOk();
		await("failover to standby-1").atMost(Duration.ofSeconds(30))
			.until(() -> "standby-1".equals(actuator.failover().active()));
		Order onStandby = OrderRequests.create(this.client, new NewOrder("tea", 1));
		assertThat(onStandby.serverPort()).isNotEqualTo(onPrimary.serverPort());
	}

	private String output() throws IOException {
		return Files.readString(this.log);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
