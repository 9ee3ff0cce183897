package io.github.failoverds.autoconfigure;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown at startup, before any pool is opened, when the configuration of the failover DataSource is
 * wrong. It lists every problem found; {@link InvalidFailoverPropertyFailureAnalyzer} explains them. Its
 * message never contains a password or URL credentials.
 */
public class InvalidFailoverPropertyException extends RuntimeException {

	private final transient List<ConfigurationProblem> problems;

	InvalidFailoverPropertyException(List<ConfigurationProblem> problems) {
		super("Invalid failover DataSource configuration: " + problems.stream()
			.map((problem) -> problem.property() + ": " + problem.reason())
			.collect(Collectors.joining("; ")));
		this.problems = List.copyOf(problems);
	}

	List<ConfigurationProblem> getProblems() {
		return this.problems;
	}

}
