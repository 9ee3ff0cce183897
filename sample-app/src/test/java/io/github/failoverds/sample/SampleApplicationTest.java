package io.github.failoverds.sample;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.failoverds.health.NodeRole;
import io.github.failoverds.routing.DatabaseNode;
import io.github.failoverds.routing.FailoverDataSource;
import io.github.failoverds.sample.orders.AcknowledgedOrders;
import io.github.failoverds.sample.orders.NewOrder;
import io.github.failoverds.sample.orders.Order;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample with zero setup: it starts its own PostgreSQL nodes, a primary and its synchronous hot standby,
 * each behind a fault proxy, migrates the schema on the primary (the standby gets it by replication) and
 * serves orders, their check and the status page.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class SampleApplicationTest {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final String SCHEMA_VERSION = "SELECT max(version)::int FROM flyway_schema_history WHERE success";

	@Autowired
	private FailoverDataSource dataSource;

	@Autowired
	private RestTestClient client;

	@Test
	void startsPrimaryAndStandbyReachedThroughTheirFaultProxies() {
		List<DemoNode> demoNodes = demoNodes();
		assertThat(demoNodes).extracting(DemoNode::name).containsExactly("primary", "standby-1");
		assertThat(this.dataSource.getNodes()).extracting(DatabaseNode::name).containsExactly("primary", "standby-1");
		assertThat(this.dataSource.getActiveNode().name()).isEqualTo("primary");
		assertThat(this.dataSource.getNodes()).extracting((node) -> node.health().role())
			.containsExactly(NodeRole.PRIMARY, NodeRole.REPLICA);
		for (int i = 0; i < demoNodes.size(); i++) {
			assertThat(this.dataSource.getNodes().get(i).pool().getJdbcUrl())
				.isEqualTo("jdbc:postgresql://127.0.0.1:" + demoNodes.get(i).proxyPort() + "/postgres");
		}
	}

	@Test
	void writesAndReadsOrdersOnThePrimaryAndChecksThemAsAcknowledged() {
		Order created = OrderRequests.create(this.client, new NewOrder("coffee", 2));
		assertThat(created.item()).isEqualTo("coffee");
		assertThat(created.serverPort()).isEqualTo(demoNodes().get(0).serverPort());
		List<Order> latest = this.client.get()
			.uri("/orders")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<List<Order>>() {
			})
			.returnResult()
			.getResponseBody();
		assertThat(latest).extracting(Order::id).contains(created.id());
		AcknowledgedOrders.Check check = OrderRequests.stillThere(this.client, created.id());
		assertThat(check.acknowledged()).isPositive();
		assertThat(check.stillThere()).isEqualTo(check.acknowledged());
	}

	@Test
	void replicatesOrdersToTheStandby() {
		Order created = OrderRequests.create(this.client, new NewOrder("tea", 1));
		await("the order replayed on standby-1").atMost(WAIT)
			.untilAsserted(() -> assertThat(queryForLong(node("standby-1"), "SELECT count(*) FROM orders WHERE id = "
					+ created.id())).isEqualTo(1));
	}

	@Test
	void hasTheSchemaOnEveryNode() {
		for (DatabaseNode node : this.dataSource.getNodes()) {
			await("schema on " + node.name()).atMost(WAIT)
				.untilAsserted(() -> assertThat(queryForLong(node, SCHEMA_VERSION)).isEqualTo(1));
		}
	}

	@Test
	void servesTheStatusPage() {
		this.client.get()
			.uri("/")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((html) -> assertThat(html).contains("id=\"active-node\"", "id=\"node-rows\"", "id=\"timeline\"",
					"src=\"app.js\""));
		this.client.get().uri("/app.js").exchange().expectStatus().isOk();
		this.client.get().uri("/style.css").exchange().expectStatus().isOk();
	}

	private DatabaseNode node(String name) {
		return this.dataSource.getNodes().stream().filter((node) -> node.name().equals(name)).findFirst().orElseThrow();
	}

	/** A query on one node's own pool, whichever node is active. */
	private static long queryForLong(DatabaseNode node, String sql) throws SQLException {
		try (Connection connection = node.pool().getConnection();
				Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery(sql)) {
			assertThat(resultSet.next()).as("a row from %s on %s", sql, node.name()).isTrue();
			return resultSet.getLong(1);
		}
	}

	private List<DemoNode> demoNodes() {
		return this.client.get()
			.uri("/demo")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Demo.class)
			.returnResult()
			.getResponseBody()
			.nodes();
	}

	record Demo(List<DemoNode> nodes) {
	}

	record DemoNode(String name, int serverPort, int proxyPort) {
	}

}
