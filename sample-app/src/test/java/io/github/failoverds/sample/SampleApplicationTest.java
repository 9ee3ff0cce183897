package io.github.failoverds.sample;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.failoverds.routing.FailoverDataSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample starts with zero setup: its own embedded PostgreSQL nodes behind the failover DataSource.
 */
@SpringBootTest
class SampleApplicationTest {

	@Autowired
	private FailoverDataSource dataSource;

	@Autowired
	private OrderController orders;

	@Test
	void startsTwoEmbeddedNodesAndWritesToThePrimary() {
		assertThat(this.dataSource.getNodes()).hasSize(2);
		assertThat(this.dataSource.getActiveNode().name()).isEqualTo("primary");
		OrderController.Order order = this.orders.create(new OrderController.NewOrder("coffee", 2));
		List<OrderController.Order> latest = this.orders.latest();
		assertThat(latest).extracting(OrderController.Order::id).contains(order.id());
	}

}
