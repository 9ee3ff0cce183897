package io.github.failoverds.sample;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names in PromQL expressions and in Grafana's {@code label_values(...)} variable queries: what
 * is left of an expression once strings, label matchers, ranges, grouping clauses, dashboard variables,
 * functions, keywords and numbers are taken out.
 */
final class PromQl {

	private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");

	private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

	private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
			"group_right", "bool", "offset", "and", "or", "unless");

	private PromQl() {
	}

	/**
	 * The metric a {@code label_values(metric{...}, label)} query reads.
	 * @param query the variable query
	 * @return the metric name, empty when the query names none
	 */
	static Set<String> metricOfLabelValues(String query) {
		Matcher matcher = LABEL_VALUES.matcher(query);
		return matcher.find() ? Set.of(matcher.group(1)) : Set.of();
	}

	/**
	 * The metric names an expression selects.
	 * @param expression a PromQL expression
	 * @return the names, in order of appearance
	 */
	static Set<String> metricNames(String expression) {
		String selectors = expression.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
			.replaceAll("\\{[^}]*}", " ")
			.replaceAll("\\[[^]]*]", " ")
			.replaceAll("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
			.replaceAll("\\$\\{?\\w+}?", " ");
		Set<String> names = new LinkedHashSet<>();
		Matcher matcher = IDENTIFIER.matcher(selectors);
		while (matcher.find()) {
			String rest = selectors.substring(matcher.end()).stripLeading();
			boolean function = rest.startsWith("(");
			boolean number = matcher.start() > 0 && Character.isDigit(selectors.charAt(matcher.start() - 1));
			if (!function && !number && !KEYWORDS.contains(matcher.group())) {
				names.add(matcher.group());
			}
		}
		return names;
	}

}
