package io.github.failoverds.sample;

import io.github.failoverds.sample.orders.NewOrder;
import io.github.failoverds.sample.orders.Order;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Orders placed over the sample's REST API, as a client would.
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

}
