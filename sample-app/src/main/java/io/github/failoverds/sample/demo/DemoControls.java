package io.github.failoverds.sample.demo;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The HTTP API of the demo controls, present only while the demo databases run:
 * <ul>
 * <li>{@code GET /demo}: the demo nodes and the actions on them;</li>
 * <li>{@code POST /demo/nodes/{name}/{action}}: apply an action ({@code stop}, {@code kill},
 * {@code restart}, {@code black-hole}, {@code heal}) to a node, returning once it is done; 404 with a
 * problem detail for an unknown node or action.</li>
 * </ul>
 */
final class DemoControls {

	private static final Logger logger = LoggerFactory.getLogger(DemoControls.class);

	private final DemoCluster cluster;

	DemoControls(DemoCluster cluster) {
		this.cluster = cluster;
	}

	RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.GET("/demo", (request) -> ServerResponse.ok().body(describe()))
			.POST("/demo/nodes/{name}/{action}", this::apply)
			.build();
	}

	private Demo describe() {
		List<Action> actions = Arrays.stream(DemoAction.values())
			.map((action) -> new Action(action.pathName(), action.description()))
			.toList();
		return new Demo(this.cluster.nodes()
			.stream()
			.map((node) -> new Node(node.name(), node.server().port(), node.proxy().port()))
			.toList(), actions);
	}

	private ServerResponse apply(ServerRequest request) {
		String name = request.pathVariable("name");
		String actionName = request.pathVariable("action");
		Optional<DemoNode> node = this.cluster.node(name);
		if (node.isEmpty()) {
			return notFound("Unknown demo node '" + name + "'; the demo nodes are " + DemoCluster.NODE_NAMES);
		}
		Optional<DemoAction> action = DemoAction.forPathName(actionName);
		if (action.isEmpty()) {
			return notFound("Unknown action '" + actionName + "'; the actions are " + DemoAction.pathNames());
		}
		logger.info("Demo control: {} {}", action.get().pathName(), node.get());
		action.get().applyTo(node.get());
		return ServerResponse.ok().body(new Applied(name, actionName));
	}

	private static ServerResponse notFound(String detail) {
		return ServerResponse.status(HttpStatus.NOT_FOUND)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail));
	}

	/**
	 * The demo: its nodes and what can be done to each.
	 */
	record Demo(List<Node> nodes, List<Action> actions) {
	}

	/**
	 * A demo node.
	 */
	record Node(String name, int serverPort, int proxyPort) {
	}

	/**
	 * An action on a node.
	 */
	record Action(String name, String description) {
	}

	/**
	 * An action that was applied.
	 */
	record Applied(String node, String action) {
	}

}
