package io.github.failoverds.sample;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.failoverds.routing.DatabaseNode;
import io.github.failoverds.routing.FailoverDataSource;
import io.github.failoverds.sample.orders.NewOrder;
import io.github.failoverds.sample.orders.Order;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample with zero setup: it starts its own PostgreSQL nodes, the primary behind a fault proxy,
 * migrates the schema on every node and serves orders and the status page.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class SampleApplicationTest {

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
		for (int i = 0; i < demoNodes.size(); i++) {
			assertThat(this.dataSource.getNodes().get(i).pool().getJdbcUrl())
				.isEqualTo("jdbc:postgresql://127.0.0.1:" + demoNodes.get(i).proxyPort() + "/postgres");
		}
	}

	@Test
	void writesAndReadsOrdersOnThePrimary() {
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
	}

	@Test
	void migratesTheSchemaOnEveryNode() throws SQLException {
		for (DatabaseNode node : this.dataSource.getNodes()) {
			try (Connection connection = node.pool().getConnection();
					Statement statement = connection.createStatement();
					ResultSet versions = statement
						.executeQuery("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank")) {
				assertThat(versions.next()).as("a migration on %s", node.name()).isTrue();
				assertThat(versions.getString(1)).isEqualTo("1");
			}
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
