package io.github.failoverds.sample.demo;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

import io.github.failoverds.routing.DatabaseNode;
import io.github.failoverds.routing.FailoverDataSource;
import io.github.failoverds.sample.Actuator;
import io.github.failoverds.sample.HeadlessChromium;
import io.github.failoverds.sample.load.LoadGenerator;
import io.github.failoverds.sample.OrderRequests;
import io.github.failoverds.sample.orders.NewOrder;
import io.github.failoverds.sample.orders.Order;
import io.github.failoverds.testsupport.EmbeddedPostgresNode;
import io.github.failoverds.testsupport.PostgresReplicationCluster;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample on databases it is given ({@code spring.datasource.url} and
 * {@code failover.datasource.failover-urls}, here two real PostgreSQL servers), with the background load
 * switched off by property: no demo database, no demo control, and a status page without demo buttons.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "demo.load.enabled=false")
@AutoConfigureRestTestClient
@DirtiesContext
class ConfiguredDatabasesTest {

	private static List<EmbeddedPostgresNode> servers;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private FailoverDataSource dataSource;

	@Autowired
	private RestTestClient client;

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void databases(DynamicPropertyRegistry registry) {
		servers = EmbeddedPostgresNode.startAll("db-1", "db-2");
		registry.add("spring.datasource.url", servers.get(0)::jdbcUrl);
		registry.add("spring.datasource.username", servers.get(0)::username);
		registry.add("failover.datasource.failover-urls[0]", servers.get(1)::jdbcUrl);
	}

	@AfterAll
	static void stopServers() {
		servers.forEach(EmbeddedPostgresNode::close);
	}

	@Test
	void usesTheConfiguredDatabasesAndStartsNoDemoDatabase() {
		assertThat(this.context.getBeansOfType(DemoCluster.class)).isEmpty();
		assertThat(this.dataSource.getNodes()).extracting(DatabaseNode::name).containsExactly("primary", "standby-1");
		assertThat(this.dataSource.getNodes()).extracting((node) -> node.pool().getJdbcUrl())
			.containsExactly(servers.get(0).jdbcUrl(), servers.get(1).jdbcUrl());
		Order order = OrderRequests.create(this.client, new NewOrder("tea", 1));
		assertThat(order.serverPort()).isEqualTo(servers.get(0).port());
	}

	@Test
	void migratesTheSchemaOnEveryConfiguredNode() {
		for (EmbeddedPostgresNode server : servers) {
			assertThat(PostgresReplicationCluster.queryForString(server,
					"SELECT max(version) FROM flyway_schema_history WHERE success"))
				.as("schema of %s", server.name())
				.isEqualTo("1");
		}
	}

	@Test
	void hasNoDemoControls() {
		this.client.get().uri("/demo").exchange().expectStatus().isNotFound();
		this.client.post().uri("/demo/nodes/primary/kill").exchange().expectStatus().isNotFound();
		assertThat(servers.get(0).isRunning()).isTrue();
	}

	@Test
	void backgroundLoadIsOffByProperty() {
		Actuator actuator = new Actuator(this.client);
		assertThat(actuator.metric(LoadGenerator.ENABLED, "VALUE", null)).isZero();
		assertThat(actuator.metric(LoadGenerator.REQUESTS, "COUNT", "outcome:success")).isZero();
		this.client.get().uri("/demo/load").exchange().expectBody().jsonPath("$.enabled").isEqualTo(false);
	}

	@Test
	void statusPageShowsTheNodesWithoutDemoButtons() {
		HeadlessChromium.assumeInstalled();
		WebDriver browser = HeadlessChromium.start();
		try {
			browser.get("http://localhost:" + this.port + "/");
			await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
				assertThat(browser.findElement(By.id("active-node")).getText()).isEqualTo("primary");
				assertThat(browser.findElements(By.cssSelector("#node-rows tr"))).hasSize(2);
			});
			assertThat(browser.findElement(By.tagName("body")).getAttribute("data-demo")).isEqualTo("off");
			assertThat(browser.findElement(By.id("demo-note")).isDisplayed()).isTrue();
			assertThat(browser.findElements(By.cssSelector("button.demo-action"))).isEmpty();
			assertThat(browser.findElements(By.cssSelector("button[data-action='switchover']"))).hasSize(2);
		}
		finally {
			browser.quit();
		}
	}

}
