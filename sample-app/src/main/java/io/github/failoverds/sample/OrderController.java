package io.github.failoverds.sample;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Writes and reads orders through the failover DataSource, like any Spring Boot application would.
 */
@RestController
class OrderController {

	private final JdbcClient jdbc;

	OrderController(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@PostMapping("/orders")
	@ResponseStatus(HttpStatus.CREATED)
	Order create(@RequestBody NewOrder order) {
		return this.jdbc
			.sql("INSERT INTO orders (item, quantity) VALUES (?, ?) "
					+ "RETURNING id, item, quantity, created_at, inet_server_port() AS server_port")
			.params(order.item(), order.quantity())
			.query(Order.class)
			.single();
	}

	@GetMapping("/orders")
	List<Order> latest() {
		return this.jdbc
			.sql("SELECT id, item, quantity, created_at, inet_server_port() AS server_port "
					+ "FROM orders ORDER BY id DESC LIMIT 20")
			.query(Order.class)
			.list();
	}

	@GetMapping("/orders/count")
	Map<String, Long> count() {
		return Map.of("count", this.jdbc.sql("SELECT count(*) FROM orders").query(Long.class).single());
	}

	record NewOrder(String item, int quantity) {
	}

	record Order(long id, String item, int quantity, java.time.OffsetDateTime createdAt, int serverPort) {
	}

}
