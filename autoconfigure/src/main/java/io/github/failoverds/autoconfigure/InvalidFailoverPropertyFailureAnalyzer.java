package io.github.failoverds.autoconfigure;

import java.util.List;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * Explains a startup that failed because the failover DataSource is configured wrongly: each property
 * at fault, its (masked) value, where it was set, why it is wrong and how to fix it. It covers both the
 * problems found by the starter's own checks ({@link InvalidFailoverPropertyException}, including names
 * that bind to nothing) and values that could not be bound under {@code failover.datasource} at all, which
 * it explains before Spring Boot's generic analysis of binding failures can.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class InvalidFailoverPropertyFailureAnalyzer implements FailureAnalyzer {

	private static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName
		.of(FailoverDataSourceProperties.PREFIX);

	private static final String INDENT = "    ";

	private static final String NEW_LINE = System.lineSeparator();

	private final Environment environment;

	/**
	 * Create the analyzer.
	 * @param environment the environment of the application that failed to start, where a value that
	 * could not be bound and its origin are looked up; {@code null} when startup failed before there was
	 * one
	 */
	public InvalidFailoverPropertyFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	public FailureAnalysis analyze(Throwable failure) {
		InvalidFailoverPropertyException invalid = findCause(failure, InvalidFailoverPropertyException.class);
		if (invalid != null) {
			return analysis(invalid.getProblems(), invalid);
		}
		BindException bindFailure = findCause(failure, BindException.class);
		if (bindFailure != null && isFailoverProperty(bindFailure.getName())) {
			ConfigurationProblems problems = new ConfigurationProblems(
					(this.environment != null) ? ConfigurationPropertySources.get(this.environment) : List.of());
			problems.add(bindFailure);
			return analysis(problems.asList(), bindFailure);
		}
		return null;
	}

	private static FailureAnalysis analysis(List<ConfigurationProblem> problems, Throwable cause) {
		StringBuilder description = new StringBuilder("The failover DataSource is configured wrongly:");
		StringBuilder action = new StringBuilder("Update the application's configuration:");
		for (ConfigurationProblem problem : problems) {
			description.append(NEW_LINE);
			appendLine(description, "Property: ", problem.property());
			if (problem.value() != null) {
				appendLine(description, "Value:    ", "\"" + problem.value() + "\"");
			}
			if (problem.origin() != null) {
				appendLine(description, "Origin:   ", problem.origin());
			}
			appendLine(description, "Reason:   ", problem.reason());
			appendLine(action, "- ", problem.action());
		}
		return new FailureAnalysis(description.toString(), action.toString(), cause);
	}

	private static void appendLine(StringBuilder text, String label, String value) {
		text.append(NEW_LINE).append(INDENT).append(label).append(value);
	}

	private static boolean isFailoverProperty(ConfigurationPropertyName name) {
		return PREFIX.equals(name) || PREFIX.isAncestorOf(name);
	}

	private static <E extends Throwable> E findCause(Throwable failure, Class<E> type) {
		Throwable candidate = failure;
		while (candidate != null) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
			candidate = candidate.getCause();
		}
		return null;
	}

}
