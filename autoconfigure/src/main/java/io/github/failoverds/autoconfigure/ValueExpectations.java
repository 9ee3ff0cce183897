package io.github.failoverds.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Says in words what value a property takes, for the action of a failure analysis: by the property's
 * type when a value could not be converted, and by HikariCP's rules when HikariCP rejected a value.
 */
final class ValueExpectations {

	/** HikariCP settings that are times in milliseconds. */
	private static final Set<String> HIKARI_MILLISECONDS = Set.of("connection-timeout", "validation-timeout",
			"idle-timeout", "max-lifetime", "keepalive-time", "leak-detection-threshold",
			"initialization-fail-timeout");

	/** What HikariCP accepts for the settings whose setters reject values. */
	private static final Map<String, String> HIKARI_RULES = Map.of("maximum-pool-size",
			"a number of connections of 1 or more", "minimum-idle",
			"a number of connections of 0 or more, not above maximum-pool-size", "idle-timeout",
			"0 (milliseconds) or more", "driver-class-name",
			"the class name of a JDBC driver on the classpath (or remove it and add the driver dependency)");

	private ValueExpectations() {
	}

	/**
	 * What a property of a type takes.
	 * @param property the property's name
	 * @param type the property's type
	 * @return e.g. "a duration such as 500ms, 10s or 5m"
	 */
	static String forType(String property, Class<?> type) {
		if (Duration.class.equals(type)) {
			return "a duration such as 500ms, 10s or 5m";
		}
		if (Boolean.class.equals(type) || boolean.class.equals(type)) {
			return "true or false";
		}
		if (isHikariSetting(property) && HIKARI_MILLISECONDS.contains(lastElement(property))) {
			return "a number of milliseconds such as 30000 (HikariCP settings take plain milliseconds, not 30s)";
		}
		if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != char.class)) {
			return "a whole number";
		}
		return "a value of type " + type.getSimpleName();
	}

	/**
	 * What a property takes whose value was converted but rejected.
	 * @param property the property's name
	 * @return e.g. "a number of connections of 1 or more"
	 */
	static String forRejectedValue(String property) {
		String rule = isHikariSetting(property) ? HIKARI_RULES.get(lastElement(property)) : null;
		return (rule != null) ? rule : "a value that is accepted (see the reason above)";
	}

	private static boolean isHikariSetting(String property) {
		return property.contains(".hikari.");
	}

	private static String lastElement(String property) {
		return property.substring(property.lastIndexOf('.') + 1);
	}

}
