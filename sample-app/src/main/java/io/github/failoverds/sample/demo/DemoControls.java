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
 * <li>{@code GET /demo}: the demo nodes, the actions on them and the cluster manager's setting;</li>
 * <li>{@code POST /demo/nodes/{name}/{action}}: apply an action ({@code stop}, {@code kill},
 * {@code restart}, {@code black-hole}, {@code heal}, {@code promote}) to a node, returning once it is done;
 * 404 with a problem detail for an unknown node or action, 409 for an action the node's state does not allow
 * (promoting a node that is not a replica).</li>
 * </ul>
 */
final class DemoControls {

	private static final Logger logger = LoggerFactory.getLogger(DemoControls.class);

	private final DemoCluster cluster;

	private final ClusterManagerProperties clusterManager;

	DemoControls(DemoCluster cluster, ClusterManagerProperties clusterManager) {
		this.cluster = cluster;
		this.clusterManager = clusterManager;
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
			.toList(), actions,
				new ClusterManager(this.clusterManager.automatic(), this.clusterManager.promoteAfter().toMillis()));
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
		try {
			action.get().applyTo(this.cluster, node.get());
		}
		catch (IllegalStateException ex) {
			logger.warn("Demo control {} on '{}' refused: {}", actionName, name, ex.getMessage());
			return problem(HttpStatus.CONFLICT, ex.getMessage());
		}
		return ServerResponse.ok().body(new Applied(name, actionName));
	}

	private static ServerResponse notFound(String detail) {
		return problem(HttpStatus.NOT_FOUND, detail);
	}

	private static ServerResponse problem(HttpStatus status, String detail) {
		return ServerResponse.status(status)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(ProblemDetail.forStatusAndDetail(status, detail));
	}

	/**
	 * The demo: its nodes, what can be done to each, and the cluster manager.
	 */
	record Demo(List<Node> nodes, List<Action> actions, ClusterManager clusterManager) {
	}

	/**
	 * The cluster manager's setting.
	 *
	 * @param automatic whether it promotes the replica on its own
	 * @param promoteAfterMillis how long after the primary is lost it does
	 */
	record ClusterManager(boolean automatic, long promoteAfterMillis) {
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
