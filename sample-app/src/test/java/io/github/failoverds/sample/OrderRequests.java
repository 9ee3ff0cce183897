package io.github.failoverds.sample;

import io.github.failoverds.sample.orders.AcknowledgedOrders;
import io.github.failoverds.sample.orders.NewOrder;
import io.github.failoverds.sample.orders.Order;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Orders placed and checked over the sample's REST API, as a client would.
 */
public final class OrderRequests {

	private OrderRequests() {
	}

	/**
	 * Place an order and expect {@code 201 Created}.
	 * @param client the client of the running application
	 * @param order the order to place
	 * @return the stored order
	 */
	public static Order create(RestTestClient client, NewOrder order) {
		return client.post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.body(order)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Order.class)
			.returnResult()
			.getResponseBody();
	}

	/**
	 * The acknowledged orders, from the application's memory ({@code GET /orders/acknowledged}).
	 * @param client the client of the running application
	 * @return how many, and the last id
	 */
	public static AcknowledgedOrders.Summary acknowledged(RestTestClient client) {
		return client.get()
			.uri("/orders/acknowledged")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(AcknowledgedOrders.Summary.class)
			.returnResult()
			.getResponseBody();
	}

	/**
	 * Which acknowledged orders up to an id the database has now
	 * ({@code GET /orders/acknowledged/still-there?upTo=}), expecting it readable.
	 * @param client the client of the running application
	 * @param upTo the last order id to check
	 * @return how many were acknowledged, and how many are there
	 */
	public static AcknowledgedOrders.Check stillThere(RestTestClient client, long upTo) {
		return client.get()
			.uri("/orders/acknowledged/still-there?upTo={upTo}", upTo)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(AcknowledgedOrders.Check.class)
			.returnResult()
			.getResponseBody();
	}

}
