package io.github.failoverds.routing;

import java.util.List;
import java.util.Map;

/**
 * Thrown at startup when no configured node could be reached and a reachable node is required.
 */
public class NoReachableNodeException extends RuntimeException {

	/** Each node's name and last error, in priority order, free of secrets. */
	private final Map<String, String> errors;

	/**
	 * Create the exception.
	 * @param errors each node's name and last error, in priority order, free of secrets
	 */
	public NoReachableNodeException(Map<String, String> errors) {
		super("No database node could be reached: " + errors);
		this.errors = errors;
	}

	/**
	 * Each node's name and its last error, in priority order.
	 * @return the errors
	 */
	public Map<String, String> getErrors() {
		return this.errors;
	}

	static NoReachableNodeException of(List<DatabaseNode> nodes) {
		Map<String, String> errors = new java.util.LinkedHashMap<>();
		for (DatabaseNode node : nodes) {
			errors.put(node.name(), String.valueOf(node.health().lastError()));
		}
		return new NoReachableNodeException(errors);
	}

}
