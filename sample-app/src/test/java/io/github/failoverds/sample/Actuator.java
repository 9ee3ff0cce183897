package io.github.failoverds.sample;

import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Reads the state of the running sample over HTTP from its Actuator endpoints, as the status page does,
 * and switches over through the failover endpoint.
 */
public final class Actuator {

	private final RestTestClient client;

	/**
	 * Create a reader.
	 * @param client a client of the running application
	 */
	public Actuator(RestTestClient client) {
		this.client = client;
	}

	/**
	 * The failover endpoint's view.
	 * @return its state
	 */
	public FailoverState failover() {
		return this.client.get()
			.uri("/actuator/failover")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(FailoverState.class)
			.returnResult()
			.getResponseBody();
	}

	/**
	 * One node as the failover endpoint shows it.
	 * @param name the node
	 * @return its state
	 */
	public Node node(String name) {
		return failover().node(name);
	}

	/**
	 * The status of one node.
	 * @param name the node
	 * @return {@code UP} or {@code DOWN}
	 */
	public String status(String name) {
		return node(name).status();
	}

	/**
	 * The {@code failover} component of {@code /actuator/health}.
	 * @return its status and details
	 */
	public HealthComponent failoverHealth() {
		return this.client.get()
			.uri("/actuator/health/failover")
			.exchange()
			.expectBody(HealthComponent.class)
			.returnResult()
			.getResponseBody();
	}

	/**
	 * Switch over by hand with {@code POST /actuator/failover}.
	 * @param target the node to switch to
	 */
	public void switchOver(String target) {
		this.client.post()
			.uri("/actuator/failover")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("target", target))
			.exchange()
			.expectStatus()
			.isOk();
	}

	/**
	 * One figure of a meter from {@code /actuator/metrics}.
	 * @param name the meter name
	 * @param statistic e.g. {@code COUNT} or {@code VALUE}
	 * @param tag a {@code key:value} tag filter, or {@code null}
	 * @return the figure
	 */
	public double metric(String name, String statistic, String tag) {
		String uri = "/actuator/metrics/" + name + ((tag != null) ? "?tag=" + tag : "");
		return this.client.get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Meter.class)
			.returnResult()
			.getResponseBody()
			.measurements()
			.stream()
			.filter((measurement) -> measurement.statistic().equals(statistic))
			.mapToDouble(Measurement::value)
			.findFirst()
			.orElseThrow();
	}

	/**
	 * What {@code GET /actuator/failover} returns (the parts the tests read).
	 *
	 * @param active the active node
	 * @param splitBrain the nodes kept off writes after a split brain
	 * @param nodes the nodes in priority order
	 * @param events the recent changes of the active node
	 */
	public record FailoverState(String active, List<String> splitBrain, List<Node> nodes, List<Event> events) {

		/**
		 * One node.
		 * @param name its name
		 * @return its state
		 */
		public Node node(String name) {
			return this.nodes.stream().filter((node) -> node.name().equals(name)).findFirst().orElseThrow();
		}

	}

	/**
	 * A component of {@code /actuator/health}.
	 *
	 * @param status its status
	 * @param details its details
	 */
	public record HealthComponent(String status, Map<String, Object> details) {
	}

	/**
	 * A node as the endpoint shows it.
	 *
	 * @param name its name
	 * @param status {@code UP} or {@code DOWN}
	 * @param role its role
	 * @param active whether it is the active node
	 */
	public record Node(String name, String status, String role, boolean active) {
	}

	/**
	 * A change of the active node.
	 *
	 * @param from the node that was active
	 * @param to the node that is active
	 * @param reason {@code failover}, {@code failback} or {@code switchover}
	 */
	public record Event(String from, String to, String reason) {
	}

	/**
	 * A meter of {@code /actuator/metrics/{name}}.
	 *
	 * @param measurements its figures
	 */
	public record Meter(List<Measurement> measurements) {
	}

	/**
	 * One figure of a meter.
	 *
	 * @param statistic what it is
	 * @param value its value
	 */
	public record Measurement(String statistic, double value) {
	}

}
