package io.github.failoverds.sample;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

import io.github.failoverds.routing.DatabaseNode;
import io.github.failoverds.routing.FailoverDataSource;
import io.github.failoverds.sample.orders.NewOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample against PostgreSQL in a container: {@code @ServiceConnection} gives the application a
 * {@code JdbcConnectionDetails} bean, from which the starter takes the primary; the demo databases stay
 * off. Skipped where Docker is not available.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class SampleTestcontainersTest {

	@Container
	@ServiceConnection
	static final PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17-alpine");

	@Autowired
	private FailoverDataSource dataSource;

	@Autowired
	private RestTestClient client;

	@Test
	void runsOnTheContainerAsThePrimary() {
		assertThat(this.dataSource.getNodes()).extracting(DatabaseNode::name).containsExactly("primary");
		assertThat(this.dataSource.getNodes().get(0).pool().getJdbcUrl()).isEqualTo(postgres.getJdbcUrl());
		this.client.post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.body(new NewOrder("container", 1))
			.exchange()
			.expectStatus()
			.isCreated();
		this.client.get().uri("/demo").exchange().expectStatus().isNotFound();
	}

}
