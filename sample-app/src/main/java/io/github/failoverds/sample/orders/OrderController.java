package io.github.failoverds.sample.orders;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The order API: {@code POST /orders} writes one (and remembers it as {@linkplain AcknowledgedOrders
 * acknowledged}), {@code GET /orders} reads the latest, {@code GET /orders/count} counts them.
 */
@RestController
class OrderController {

	private final OrderRepository orders;

	private final AcknowledgedOrders acknowledged;

	OrderController(OrderRepository orders, AcknowledgedOrders acknowledged) {
		this.orders = orders;
		this.acknowledged = acknowledged;
	}

	@PostMapping("/orders")
	@ResponseStatus(HttpStatus.CREATED)
	Order create(@RequestBody NewOrder order) {
		Order created = this.orders.create(order);
		this.acknowledged.add(created);
		return created;
	}

	@GetMapping("/orders")
	List<Order> latest() {
		return this.orders.latest();
	}

	@GetMapping("/orders/count")
	Map<String, Long> count() {
		return Map.of("count", this.orders.count());
	}

}
