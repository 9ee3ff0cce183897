package io.github.failoverds.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.failoverds.testsupport.EmbeddedPostgresNode;
import io.github.failoverds.testsupport.PostgresReplicationCluster;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Grafana dashboard {@code grafana/failover-datasource.json} is a Grafana 10+ dashboard on a
 * Prometheus datasource variable, and every metric its queries use is in a real scrape of the running
 * sample's {@code /actuator/prometheus}. The sample runs on two writable nodes (for a switchover) and a
 * streaming replica of the first (for the replication lag).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@DirtiesContext
class GrafanaDashboardTest {

	private static final Path DASHBOARD = Path.of("grafana/failover-datasource.json");

	private static final String DATASOURCE = "${datasource}";

	private static PostgresReplicationCluster replication;

	private static EmbeddedPostgresNode standby;

	@Autowired
	private RestTestClient client;

	@DynamicPropertySource
	static void databases(DynamicPropertyRegistry registry) {
		replication = PostgresReplicationCluster.start("primary", "replica-1");
		standby = EmbeddedPostgresNode.start("standby-1");
		List<EmbeddedPostgresNode> nodes = List.of(replication.primary(), standby, replication.standby());
		for (int i = 0; i < nodes.size(); i++) {
			EmbeddedPostgresNode node = nodes.get(i);
			registry.add("failover.datasource.nodes[" + i + "].name", node::name);
			registry.add("failover.datasource.nodes[" + i + "].url", node::jdbcUrl);
			registry.add("failover.datasource.nodes[" + i + "].username", node::username);
		}
	}

	@AfterAll
	static void stopServers() {
		standby.close();
		replication.close();
	}

	@Test
	void isADashboardOnAPrometheusDatasourceVariable() throws IOException {
		JsonNode dashboard = dashboard();
		assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
		assertThat(dashboard.path("uid").asString()).isNotBlank();
		List<JsonNode> variables = dashboard.path("templating").path("list").valueStream().toList();
		assertThat(variables).anySatisfy((variable) -> {
			assertThat(variable.path("type").asString()).isEqualTo("datasource");
			assertThat(variable.path("query").asString()).isEqualTo("prometheus");
			assertThat("${" + variable.path("name").asString() + "}").isEqualTo(DATASOURCE);
		});
		List<JsonNode> panels = dashboard.path("panels")
			.valueStream()
			.filter((panel) -> !panel.path("type").asString().equals("row"))
			.toList();
		assertThat(panels).isNotEmpty().allSatisfy((panel) -> {
			assertThat(panel.path("datasource").path("uid").asString()).as(panel.path("title").asString())
				.isEqualTo(DATASOURCE);
			assertThat(panel.path("targets").valueStream().toList()).isNotEmpty()
				.allSatisfy((target) -> assertThat(target.path("expr").asString()).isNotBlank());
		});
	}

	@Test
	void everyMetricOfTheDashboardIsInARealScrape() throws IOException {
		// a change of the active node, there and back, makes the failovers counter appear
		Actuator actuator = new Actuator(this.client);
		actuator.switchOver("standby-1");
		actuator.switchOver("primary");

		Set<String> used = metricNamesUsedBy(dashboard());
		assertThat(used).contains("failover_datasource_node_active", "failover_datasource_node_up",
				"failover_datasource_failovers_total", "hikaricp_connections_active",
				"failover_datasource_health_checks_seconds_count", "failover_datasource_connections_leaked",
				"failover_datasource_leaks_total", "failover_datasource_replication_lag_seconds");
		// the replica's lag is known from its first probe after the primary's
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(scrapedMetricNames()).containsAll(used));
	}

	private static JsonNode dashboard() throws IOException {
		return JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
	}

	private static Set<String> metricNamesUsedBy(JsonNode dashboard) {
		Set<String> names = new HashSet<>();
		dashboard.findValues("expr").forEach((expr) -> names.addAll(PromQl.metricNames(expr.asString())));
		dashboard.path("templating")
			.path("list")
			.valueStream()
			.filter((variable) -> variable.path("type").asString().equals("query"))
			.forEach((variable) -> names.addAll(PromQl.metricOfLabelValues(variable.path("definition").asString())));
		return names;
	}

	private Set<String> scrapedMetricNames() {
		String scrape = this.client.get()
			.uri("/actuator/prometheus")
			.accept(MediaType.TEXT_PLAIN)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return scrape.lines()
			.filter((line) -> !line.isBlank() && !line.startsWith("#"))
			.map((line) -> line.split("[{ ]", 2)[0])
			.collect(Collectors.toSet());
	}

}
