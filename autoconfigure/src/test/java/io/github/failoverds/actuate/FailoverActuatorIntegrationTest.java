package io.github.failoverds.actuate;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.failoverds.actuate.ActuatorClient.Response;
import io.github.failoverds.autoconfigure.event.ActiveNodeChangedEvent;
import io.github.failoverds.autoconfigure.event.DatabaseNodeDownEvent;
import io.github.failoverds.autoconfigure.event.DatabaseNodeUpEvent;
import io.github.failoverds.autoconfigure.event.FailedBackEvent;
import io.github.failoverds.autoconfigure.event.FailedOverEvent;
import io.github.failoverds.autoconfigure.event.FailoverDataSourceEvent;
import io.github.failoverds.health.NodeStatus;
import io.github.failoverds.routing.ActiveNodeChange.Reason;
import io.github.failoverds.routing.DatabaseNode;
import io.github.failoverds.routing.FailoverDataSource;
import io.github.failoverds.routing.FailoverHistory;
import io.github.failoverds.routing.TestNotifications;
import io.github.failoverds.testsupport.EmbeddedPostgresNode;
import io.github.failoverds.testsupport.EmbeddedPostgresNodes;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole application over HTTP, on two real PostgreSQL servers: {@code /actuator/health},
 * {@code /actuator/failover}, {@code /actuator/metrics}, {@code /actuator/prometheus} and the
 * application events before and after a real failover (SIGKILL of the primary) and after fail-back;
 * manual switchover; leak detection; and no secret in any body or log line.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		classes = FailoverActuatorIntegrationTest.TestApplication.class,
		properties = { "failover.datasource.connection-timeout=5s", "failover.datasource.health.interval=200ms",
				"failover.datasource.health.timeout=1s", "failover.datasource.health.failure-threshold=2",
				"failover.datasource.health.recovery-threshold=2", "failover.datasource.health.history-size=5",
				"failover.datasource.failback.delay=1s", "failover.datasource.hikari.maximum-pool-size=4",
				"failover.datasource.hikari.minimum-idle=1", "failover.datasource.leak-detection.threshold=500ms",
				"management.endpoints.web.exposure.include=health,failover,metrics,prometheus",
				"management.endpoint.health.show-details=always" })
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class FailoverActuatorIntegrationTest {

	private static final String PASSWORD = "Obs3rvab1lity-Pa55-q7Zk";

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@AutoClose
	private static final EmbeddedPostgresNodes servers = EmbeddedPostgresNodes.start("primary", "standby-1");

	@LocalServerPort
	private int port;

	@Autowired
	private FailoverDataSource dataSource;

	@Autowired
	private RecordedEvents events;

	private ActuatorClient actuator;

	@DynamicPropertySource
	static void nodes(DynamicPropertyRegistry registry) {
		for (int i = 0; i < servers.size(); i++) {
			EmbeddedPostgresNode server = servers.get(i);
			// the password also goes into the URL, where it must be masked as well
			registry.add("failover.datasource.nodes[" + i + "].url", () -> server.jdbcUrl() + "?password=" + PASSWORD);
			registry.add("failover.datasource.nodes[" + i + "].username", server::username);
			registry.add("failover.datasource.nodes[" + i + "].password", () -> PASSWORD);
		}
	}

	/**
	 * Every test starts on both servers running, both nodes UP and the primary active.
	 */
	@BeforeEach
	void bothNodesUpAndPrimaryActive() {
		servers.stream().filter((server) -> !server.isRunning()).forEach(EmbeddedPostgresNode::restart);
		await().atMost(TIMEOUT)
			.until(() -> this.dataSource.getNodes().stream().allMatch((node) -> node.health().isUp()));
		if (!"primary".equals(activeNode())) {
			this.dataSource.getPolicy().switchOver("primary");
		}
		this.actuator = new ActuatorClient(this.port);
		// the events of getting there (node up, fail-back, switchover) reach the listeners first
		TestNotifications.awaitDelivered(this.dataSource);
		this.events.clear();
	}

	@Test
	void healthEndpointMetricsAndEventsFollowAFailoverAndAFailBack() {
		FailoverHistory history = this.dataSource.getPolicy().history();
		long failoversBefore = history.count(Reason.FAILOVER);
		long failbacksBefore = history.count(Reason.FAILBACK);
		double toStandbyBefore = this.actuator.count(FailoverMetricsRecorder.FAILOVERS, "from:primary",
				"to:standby-1", "reason:failover");
		double backToPrimaryBefore = this.actuator.count(FailoverMetricsRecorder.FAILOVERS, "from:standby-1",
				"to:primary", "reason:failback");

		Response health = this.actuator.get("/health");
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.<String>read("$.status")).isEqualTo("UP");
		assertHealthOfFailover(health, "primary", failoversBefore, failbacksBefore);
		assertNodeHealth(health, "primary", "UP");
		assertNodeHealth(health, "standby-1", "UP");
		assertThat(health.<String>read("$.components.db.status")).isEqualTo("UP");
		assertThat(health.<String>read("$.components.db.details.active")).isEqualTo("primary");
		Response failover = this.actuator.get("/failover");
		assertThat(failover.status()).isEqualTo(200);
		assertThat(failover.<String>read("$.active")).isEqualTo("primary");
		assertThat(failover.<List<String>>read("$.nodes[*].name")).containsExactly("primary", "standby-1");
		assertThat(failover.<List<Boolean>>read("$.nodes[*].active")).containsExactly(true, false);
		assertThat(failover.<List<String>>read("$.nodes[*].status")).containsExactly("UP", "UP");
		assertThat(failover.<List<Object>>read("$.leaks")).isEmpty();
		assertProbeHistoryAndStats(failover);
		assertMetricsOfNodes("primary", "standby-1");

		servers.get(0).kill();
		await().atMost(TIMEOUT).until(() -> "standby-1".equals(activeNode()));
		await().atMost(TIMEOUT).until(() -> this.events.ofType(ActiveNodeChangedEvent.class).size() == 1);

		health = this.actuator.get("/health");
		assertThat(health.<String>read("$.status")).isEqualTo("UP");
		assertHealthOfFailover(health, "standby-1", failoversBefore + 1, failbacksBefore);
		assertNodeHealth(health, "primary", "DOWN");
		assertNodeHealth(health, "standby-1", "UP");
		assertThat(health.<Integer>read("$.components.failover.details.nodes.primary.consecutiveFailures"))
			.isGreaterThanOrEqualTo(2);
		assertThat(health.<String>read("$.components.failover.details.nodes.primary.lastError")).isNotBlank();
		assertThat(health.<String>read("$.components.db.details.active")).isEqualTo("standby-1");
		failover = this.actuator.get("/failover");
		assertThat(failover.<String>read("$.active")).isEqualTo("standby-1");
		assertThat(failover.<List<String>>read("$.nodes[*].status")).containsExactly("DOWN", "UP");
		assertLastEvent(failover, "primary", "standby-1", "failover");
		assertThat(this.actuator.count(FailoverMetricsRecorder.FAILOVERS, "from:primary", "to:standby-1",
				"reason:failover")).isEqualTo(toStandbyBefore + 1);
		assertThat(gauge(FailoverDataSourceMeterBinder.NODE_UP, "node:primary")).isZero();
		assertThat(gauge(FailoverDataSourceMeterBinder.NODE_ACTIVE, "node:primary")).isZero();
		assertThat(gauge(FailoverDataSourceMeterBinder.NODE_ACTIVE, "node:standby-1")).isEqualTo(1);
		assertThat(this.actuator.count(FailoverMetricsRecorder.HEALTH_CHECKS, "node:primary", "outcome:failure"))
			.isPositive();
		assertThat(this.events.ofType(DatabaseNodeDownEvent.class)).singleElement().satisfies((event) -> {
			assertThat(event.getNodeName()).isEqualTo("primary");
			assertThat(event.getReason()).isNotBlank();
		});
		assertThat(this.events.ofType(FailedOverEvent.class)).singleElement().satisfies((event) -> {
			assertThat(event.getFrom()).isEqualTo("primary");
			assertThat(event.getTo()).isEqualTo("standby-1");
			assertThat(event.getReason()).isEqualTo(Reason.FAILOVER);
		});

		servers.get(0).restart();
		await().atMost(TIMEOUT).until(() -> "primary".equals(activeNode()));
		await().atMost(TIMEOUT).until(() -> this.events.ofType(ActiveNodeChangedEvent.class).size() == 2);

		health = this.actuator.get("/health");
		assertHealthOfFailover(health, "primary", failoversBefore + 1, failbacksBefore + 1);
		assertNodeHealth(health, "primary", "UP");
		failover = this.actuator.get("/failover");
		assertThat(failover.<String>read("$.active")).isEqualTo("primary");
		assertLastEvent(failover, "standby-1", "primary", "failback");
		assertThat(this.actuator.count(FailoverMetricsRecorder.FAILOVERS, "from:standby-1", "to:primary",
				"reason:failback")).isEqualTo(backToPrimaryBefore + 1);
		assertThat(this.actuator.count(FailoverMetricsRecorder.FAILOVERS, "from:primary", "to:standby-1",
				"reason:failover")).isEqualTo(toStandbyBefore + 1);
		assertThat(gauge(FailoverDataSourceMeterBinder.NODE_UP, "node:primary")).isEqualTo(1);
		assertThat(gauge(FailoverDataSourceMeterBinder.NODE_ACTIVE, "node:primary")).isEqualTo(1);
		assertThat(this.events.ofType(DatabaseNodeUpEvent.class)).singleElement()
			.satisfies((event) -> assertThat(event.getNodeName()).isEqualTo("primary"));
		assertThat(this.events.ofType(FailedBackEvent.class)).singleElement().satisfies((event) -> {
			assertThat(event.getFrom()).isEqualTo("standby-1");
			assertThat(event.getTo()).isEqualTo("primary");
		});
		assertThat(this.events.ofType(DatabaseNodeDownEvent.class)).hasSize(1);
	}

	@Test
	void manualSwitchoverThroughPostHoldsAndFailsClearlyForAnUnknownOrDownNode() {
		double switchoversBefore = this.actuator.count(FailoverMetricsRecorder.FAILOVERS, "reason:switchover");

		Response switched = this.actuator.post("/failover", "{\"target\": \"standby-1\"}");
		assertThat(switched.status()).isEqualTo(200);
		assertThat(switched.<Map<String, Object>>read("$")).containsEntry("from", "primary")
			.containsEntry("to", "standby-1")
			.containsEntry("changed", true);
		assertThat(this.actuator.get("/failover").<String>read("$.active")).isEqualTo("standby-1");
		assertLastEvent(this.actuator.get("/failover"), "primary", "standby-1", "switchover");
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(this.actuator.count(FailoverMetricsRecorder.FAILOVERS, "from:primary",
					"to:standby-1", "reason:switchover")).isGreaterThanOrEqualTo(1));
		assertThat(this.actuator.count(FailoverMetricsRecorder.FAILOVERS, "reason:switchover"))
			.isEqualTo(switchoversBefore + 1);
		assertThat(this.events.ofType(FailedOverEvent.class)).singleElement()
			.satisfies((event) -> assertThat(event.getReason()).isEqualTo(Reason.SWITCHOVER));
		// the primary is UP and preferred, but a switchover holds past the fail-back delay
		await().during(Duration.ofMillis(1500)).atMost(TIMEOUT).until(() -> "standby-1".equals(activeNode()));

		Response unknown = this.actuator.post("/failover", "{\"target\": \"nope\"}");
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.<String>read("$.message")).contains("Unknown node 'nope'").contains("primary", "standby-1");
		Response missing = this.actuator.post("/failover", "{}");
		assertThat(missing.status()).isEqualTo(400);

		servers.get(0).kill();
		await().atMost(TIMEOUT).until(() -> node("primary").health().status() == NodeStatus.DOWN);
		Response down = this.actuator.post("/failover", "{\"target\": \"primary\"}");
		assertThat(down.status()).isEqualTo(409);
		assertThat(down.<String>read("$.message")).contains("Node 'primary' cannot take over").contains("DOWN");
		assertThat(activeNode()).isEqualTo("standby-1");
	}

	@Test
	void healthIsDownWhileNoNodeIsWritable() {
		servers.forEach(EmbeddedPostgresNode::kill);
		await().atMost(TIMEOUT).until(() -> activeNode() == null);

		Response health = this.actuator.get("/health");
		assertThat(health.status()).isEqualTo(503);
		assertThat(health.<String>read("$.status")).isEqualTo("DOWN");
		assertThat(health.<String>read("$.components.failover.status")).isEqualTo("DOWN");
		assertThat(health.<Map<String, Object>>read("$.components.failover.details")).doesNotContainKey("active");
		assertNodeHealth(health, "primary", "DOWN");
		assertNodeHealth(health, "standby-1", "DOWN");
		assertThat(health.<String>read("$.components.db.status")).isEqualTo("DOWN");
		assertThat(health.<String>read("$.components.db.details.error"))
			.isEqualTo("No writable node is available");
		Response failover = this.actuator.get("/failover");
		assertThat(failover.<Map<String, Object>>read("$")).doesNotContainKey("active");
		assertThat(failover.<List<String>>read("$.nodes[*].status")).containsExactly("DOWN", "DOWN");
		assertThat(gauge(FailoverDataSourceMeterBinder.NODE_ACTIVE, "node:primary")).isZero();
		assertThat(gauge(FailoverDataSourceMeterBinder.NODE_ACTIVE, "node:standby-1")).isZero();
	}

	@Test
	void aConnectionHeldPastTheThresholdIsListedAndCountedUntilItIsReturned(CapturedOutput output)
			throws Exception {
		double leaksBefore = this.actuator.count(FailoverDataSourceMeterBinder.LEAKS);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Void> holder = new CompletableFuture<>();
		Thread thread = new Thread(() -> borrowAndHold(release, holder), "leaky-worker");
		thread.start();

		await().atMost(TIMEOUT).until(() -> !this.actuator.get("/failover").<List<Object>>read("$.leaks").isEmpty());
		Response failover = this.actuator.get("/failover");
		assertThat(failover.<List<Object>>read("$.leaks")).hasSize(1);
		assertThat(failover.<String>read("$.leaks[0].node")).isEqualTo("primary");
		assertThat(failover.<String>read("$.leaks[0].thread")).isEqualTo("leaky-worker");
		assertThat(Duration.parse(failover.read("$.leaks[0].heldFor"))).isGreaterThanOrEqualTo(Duration.ofMillis(500));
		assertThat(Instant.parse(failover.read("$.leaks[0].borrowedAt"))).isBefore(Instant.now());
		assertThat(failover.<String>read("$.leaks[0].stackTrace")).contains("borrowAndHold");
		assertThat(gauge(FailoverDataSourceMeterBinder.LEAKED)).isEqualTo(1);
		assertThat(this.actuator.count(FailoverDataSourceMeterBinder.LEAKS)).isEqualTo(leaksBefore + 1);
		assertThat(output).containsOnlyOnce("Suspected connection leak: a connection from node 'primary'")
			.contains("leaky-worker");

		release.countDown();
		holder.get(10, TimeUnit.SECONDS);
		assertThat(this.actuator.get("/failover").<List<Object>>read("$.leaks")).isEmpty();
		assertThat(gauge(FailoverDataSourceMeterBinder.LEAKED)).isZero();
		assertThat(this.actuator.count(FailoverDataSourceMeterBinder.LEAKS)).isEqualTo(leaksBefore + 1);
		assertThat(output).containsOnlyOnce("Suspected connection leak returned");
	}

	@Test
	void noSecretInAnyBodyOrLogLineAfterAFailedProbeAndAFailover(CapturedOutput output) {
		fetchEveryEndpoint();
		servers.get(0).kill();
		await().atMost(TIMEOUT).until(() -> "standby-1".equals(activeNode()));
		assertThat(node("primary").health().consecutiveFailures()).isPositive();
		fetchEveryEndpoint();
		this.actuator.post("/failover", "{\"target\": \"primary\"}");
		servers.get(0).restart();
		await().atMost(TIMEOUT).until(() -> "primary".equals(activeNode()));
		fetchEveryEndpoint();

		assertThat(this.actuator.bodies()).hasSizeGreaterThan(20)
			.allSatisfy((body) -> assertThat(body).doesNotContain(PASSWORD));
		assertThat(output.getAll()).contains("Failover from 'primary' to 'standby-1'").doesNotContain(PASSWORD);
	}

	private void fetchEveryEndpoint() {
		assertThat(this.actuator.get("/health").status()).isEqualTo(200);
		assertThat(this.actuator.get("/failover").status()).isEqualTo(200);
		assertThat(this.actuator.get("/prometheus").status()).isEqualTo(200);
		List<String> names = this.actuator.get("/metrics").read("$.names");
		names.stream()
			.filter((name) -> name.startsWith("failover.") || name.startsWith("hikaricp."))
			.forEach((name) -> assertThat(this.actuator.get("/metrics/" + name).status()).isEqualTo(200));
	}

	private void assertHealthOfFailover(Response health, String active, long failovers, long failbacks) {
		assertThat(health.<String>read("$.components.failover.status")).isEqualTo("UP");
		assertThat(health.<String>read("$.components.failover.details.active")).isEqualTo(active);
		assertThat(health.<Number>read("$.components.failover.details.failovers").longValue()).isEqualTo(failovers);
		assertThat(health.<Number>read("$.components.failover.details.failbacks").longValue()).isEqualTo(failbacks);
		assertThat(health.<Number>read("$.components.failover.details.waitingBorrows").intValue()).isZero();
	}

	private void assertNodeHealth(Response health, String name, String status) {
		Map<String, Object> node = health.read("$.components.failover.details.nodes." + name);
		assertThat(node).containsEntry("status", status)
			.containsKeys("role", "lastCheck", "latencyMs", "consecutiveFailures", "pool");
		// a node that is not UP shows its role as unknown, with the last one it reported beside it
		assertThat(node.get("role")).isEqualTo(status.equals("UP") ? "PRIMARY" : "UNKNOWN");
		assertThat(node.get("lastKnownRole")).isEqualTo("PRIMARY");
		assertThat(Instant.parse((String) node.get("lastCheck"))).isBefore(Instant.now());
		assertThat(node.get("pool")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsKeys("active", "idle", "pending")
			.containsEntry("max", 4);
	}

	private void assertProbeHistoryAndStats(Response failover) {
		await().atMost(TIMEOUT)
			.until(() -> this.actuator.get("/failover").<Integer>read("$.nodes[0].stats.totalChecks") > 5);
		failover = this.actuator.get("/failover");
		assertThat(failover.<List<Object>>read("$.nodes[0].history")).hasSize(5);
		assertThat(failover.<Boolean>read("$.nodes[0].history[4].healthy")).isTrue();
		assertThat(failover.<String>read("$.nodes[0].history[4].role")).isEqualTo("PRIMARY");
		Map<String, Object> stats = failover.read("$.nodes[0].stats");
		assertThat(stats).containsKeys("totalChecks", "healthyChecks", "failedChecks", "successRate", "avgLatencyMs");
		assertThat(((Number) stats.get("failedChecks")).longValue()).isGreaterThanOrEqualTo(0);
	}

	private void assertMetricsOfNodes(String... nodes) {
		for (String node : nodes) {
			assertThat(this.actuator.metric("hikaricp.connections", "VALUE", "pool:" + node)).isNotNull();
			assertThat(this.actuator.metric("hikaricp.connections.max", "VALUE", "pool:" + node)).isEqualTo(4);
			assertThat(gauge(FailoverDataSourceMeterBinder.NODE_UP, "node:" + node)).isEqualTo(1);
			assertThat(this.actuator.count(FailoverMetricsRecorder.HEALTH_CHECKS, "node:" + node, "outcome:success"))
				.isPositive();
		}
		assertThat(gauge(FailoverDataSourceMeterBinder.NODE_ACTIVE, "node:" + nodes[0])).isEqualTo(1);
		assertThat(gauge(FailoverDataSourceMeterBinder.NODE_ACTIVE, "node:" + nodes[1])).isZero();
		assertThat(gauge(FailoverDataSourceMeterBinder.LEAKED)).isZero();
		assertThat(this.actuator.metric(FailoverDataSourceMeterBinder.LEAKS, "COUNT")).isNotNull();
		String scrape = this.actuator.get("/prometheus").body();
		assertThat(scrape).contains("hikaricp_connections{pool=\"" + nodes[0] + "\"}")
			.contains("failover_datasource_node_up{node=\"" + nodes[1] + "\"} 1.0")
			.contains("failover_datasource_node_active{node=\"" + nodes[0] + "\"} 1.0")
			.contains("failover_datasource_health_checks_seconds_count{node=\"" + nodes[0] + "\",outcome=\"success\"}")
			.contains("failover_datasource_connections_leaked 0.0")
			.contains("failover_datasource_leaks_total");
	}

	private void assertLastEvent(Response failover, String from, String to, String reason) {
		Map<String, Object> event = failover.read("$.events[-1]");
		assertThat(event).containsEntry("from", from).containsEntry("to", to).containsEntry("reason", reason);
		assertThat(Instant.parse((String) event.get("time"))).isBefore(Instant.now());
	}

	private double gauge(String name, String... tags) {
		return this.actuator.metric(name, "VALUE", tags);
	}

	private String activeNode() {
		DatabaseNode active = this.dataSource.getActiveNode();
		return (active != null) ? active.name() : null;
	}

	private DatabaseNode node(String name) {
		return this.dataSource.getNodes().stream().filter((node) -> node.name().equals(name)).findFirst().orElseThrow();
	}

	private void borrowAndHold(CountDownLatch release, CompletableFuture<Void> done) {
		try (Connection connection = this.dataSource.getConnection()) {
			release.await();
			done.complete(null);
		}
		catch (SQLException | InterruptedException ex) {
			done.completeExceptionally(ex);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

		@Bean
		RecordedEvents recordedEvents() {
			return new RecordedEvents();
		}

	}

	/**
	 * The failover data source's application events, in the order they were published.
	 */
	static class RecordedEvents implements ApplicationListener<FailoverDataSourceEvent> {

		private final List<FailoverDataSourceEvent> events = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(FailoverDataSourceEvent event) {
			this.events.add(event);
		}

		<T extends FailoverDataSourceEvent> List<T> ofType(Class<T> type) {
			return this.events.stream().filter(type::isInstance).map(type::cast).toList();
		}

		void clear() {
			this.events.clear();
		}

	}

}
