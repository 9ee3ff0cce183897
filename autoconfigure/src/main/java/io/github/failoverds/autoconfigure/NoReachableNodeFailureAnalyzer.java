package io.github.failoverds.autoconfigure;

import java.util.Map;

import io.github.failoverds.routing.NoReachableNodeException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a startup that failed because no database node could be reached.
 */
class NoReachableNodeFailureAnalyzer extends AbstractFailureAnalyzer<NoReachableNodeException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, NoReachableNodeException cause) {
		StringBuilder description = new StringBuilder("No database node could be reached at startup:");
		for (Map.Entry<String, String> error : cause.getErrors().entrySet()) {
			description.append(System.lineSeparator())
				.append("    - ")
				.append(error.getKey())
				.append(": ")
				.append(error.getValue());
		}
		String action = "Check that at least one of the nodes in '" + FailoverDataSourceProperties.PREFIX
				+ ".nodes' is running and reachable with the configured url and credentials, or set '"
				+ FailoverDataSourceProperties.PREFIX + ".startup.require-node=false' to start without any node.";
		return new FailureAnalysis(description.toString(), action, cause);
	}

}
