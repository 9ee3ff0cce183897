package io.github.failoverds.sample.orders;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The acknowledged orders: {@code GET /orders/acknowledged} counts them (from memory, also while no database
 * answers), {@code GET /orders/acknowledged/still-there?upTo=<id>} reads how many of them, up to that id, the
 * database has now (503 with a problem detail while it cannot be read).
 */
@RestController
@RequestMapping("/orders/acknowledged")
class AcknowledgedOrdersController {

	private final AcknowledgedOrders acknowledged;

	AcknowledgedOrdersController(AcknowledgedOrders acknowledged) {
		this.acknowledged = acknowledged;
	}

	@GetMapping
	AcknowledgedOrders.Summary summary() {
		return this.acknowledged.summary();
	}

	@GetMapping("/still-there")
	AcknowledgedOrders.Check stillThere(@RequestParam(required = false) Long upTo) {
		return this.acknowledged.check(upTo);
	}

	@ExceptionHandler
	ProblemDetail databaseUnavailable(DataAccessException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The orders cannot be read now: " + ex.getMostSpecificCause().getMessage());
	}

}
