package io.github.failoverds.sample.orders;

import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Orders in table {@code orders}, written and read through the application's one {@code DataSource}
 * (the failover DataSource), like any Spring Boot application would. Every row reports the port of
 * the PostgreSQL server that wrote or read it, so that a failover can be seen in the data.
 */
@Repository
public class OrderRepository {

	private static final String COLUMNS = "id, item, quantity, created_at, inet_server_port() AS server_port";

	private final JdbcClient jdbc;

	OrderRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Write an order.
	 * @param order what was ordered
	 * @return the order as stored
	 */
	public Order create(NewOrder order) {
		return this.jdbc.sql("INSERT INTO orders (item, quantity) VALUES (?, ?) RETURNING " + COLUMNS)
			.params(order.item(), order.quantity())
			.query(Order.class)
			.single();
	}

	/**
	 * Read the latest orders.
	 * @return up to 20 orders, newest first
	 */
	public List<Order> latest() {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM orders ORDER BY id DESC LIMIT 20").query(Order.class).list();
	}

	/**
	 * Count the orders.
	 * @return the number of orders on the node that answered
	 */
	public long count() {
		return this.jdbc.sql("SELECT count(*) FROM orders").query(Long.class).single();
	}

	/**
	 * Count which of some orders exist.
	 * @param ids the order ids
	 * @return how many of them the node that answered has
	 */
	public long countExisting(Collection<Long> ids) {
		if (ids.isEmpty()) {
			return 0;
		}
		return this.jdbc.sql("SELECT count(*) FROM orders WHERE id = ANY (?)")
			.param(ids.toArray(Long[]::new))
			.query(Long.class)
			.single();
	}

}
