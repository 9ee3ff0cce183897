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
 * The order API: {@code POST /orders} writes one, {@code GET /orders} reads the latest,
 * {@code GET /orders/count} counts them.
 */
@RestController
class OrderController {

	private final OrderRepository orders;

	OrderController(OrderRepository orders) {
		this.orders = orders;
	}

	@PostMapping("/orders")
	@ResponseStatus(HttpStatus.CREATED)
	Order create(@RequestBody NewOrder order) {
		return this.orders.create(order);
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
