package io.github.failoverds.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
 * The Grafana dashboard {@code grafana/failover-datasource.json} is a Grafana 10+ dashboard on a
 * Prometheus datasource variable, and every metric its queries use is in a real scrape of the running
 * sample's {@code /actuator/prometheus}: one taken while {@code standby-1} is a replica (its replication lag),
 * one after a failover to it (the cluster manager is off: the test promotes the standby itself).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "demo.cluster-manager.enabled=false")
@AutoConfigureRestTestClient
@DirtiesContext
class GrafanaDashboardTest {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final String REPLICATION_LAG = "failover_datasource_replication_lag_seconds";

	private static final Path DASHBOARD = Path.of("grafana/failover-datasource.json");

	private static final String DATASOURCE = "${datasource}";

	@Autowired
	private RestTestClient client;

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
		// the replica's lag is known from its first probe after the primary's, until the replica is promoted
		Set<String> scraped = new HashSet<>(await("replication lag scraped").atMost(WAIT)
			.until(this::scrapedMetricNames, (names) -> names.contains(REPLICATION_LAG)));
		// a change of the active node makes the failovers counter appear: a failover to the promoted standby,
		// promoted once the starter has seen the primary DOWN (before that, it would see a split brain)
		Actuator actuator = new Actuator(this.client);
		DemoRequests.act(this.client, "primary", "kill");
		await("primary DOWN").atMost(WAIT).untilAsserted(() -> assertThat(actuator.status("primary")).isEqualTo("DOWN"));
		DemoRequests.act(this.client, "standby-1", "promote");
		await("failover to standby-1").atMost(WAIT)
			.untilAsserted(() -> assertThat(actuator.failover().active()).isEqualTo("standby-1"));

		Set<String> used = metricNamesUsedBy(dashboard());
		scraped.addAll(scrapedMetricNames());

		assertThat(used).contains("failover_datasource_node_active", "failover_datasource_node_up",
				"failover_datasource_failovers_total", "hikaricp_connections_active",
				"failover_datasource_health_checks_seconds_count", "failover_datasource_connections_leaked",
				"failover_datasource_leaks_total", REPLICATION_LAG);
		assertThat(scraped).containsAll(used);
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
