package io.github.failoverds.sample;

import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The demo controls used over HTTP, as the status page uses them.
 */
public final class DemoRequests {

	private DemoRequests() {
	}

	/**
	 * Apply an action to a demo node with {@code POST /demo/nodes/{node}/{action}} and expect it done.
	 * @param client the client of the running application
	 * @param node the node
	 * @param action e.g. {@code kill} or {@code promote}
	 */
	public static void act(RestTestClient client, String node, String action) {
		client.post()
			.uri("/demo/nodes/{node}/{action}", node, action)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.node")
			.isEqualTo(node)
			.jsonPath("$.action")
			.isEqualTo(action);
	}

}
