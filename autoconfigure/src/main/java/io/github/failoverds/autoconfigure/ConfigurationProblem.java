package io.github.failoverds.autoconfigure;

import io.github.failoverds.support.SecretMasker;

import java.util.Locale;

/**
 * One mistake in the configuration of the failover DataSource: the property (or environment variable)
 * at fault, its value when it is safe to show, where it was set, why it is wrong and how to fix it. It
 * never holds a password or URL credentials.
 *
 * @param property the property or environment variable, e.g. {@code failover.datasource.nodes[1].url}
 * @param value the value as it may be shown, or {@code null}
 * @param origin where the value was set (a file and line, an environment variable), or {@code null}
 * @param reason why the configuration is wrong
 * @param action how to fix it
 */
record ConfigurationProblem(String property, String value, String origin, String reason, String action) {

	/**
	 * The value of a property as it may be shown: nothing for a password or other secret, credentials
	 * masked in anything else.
	 * @param property the property's name
	 * @param value the value, may be {@code null}
	 * @return the value to show, or {@code null} when it must not be shown
	 */
	static String shownValue(String property, Object value) {
		if (value == null || isSecret(property)) {
			return null;
		}
		return SecretMasker.maskUrlCredentials(String.valueOf(value));
	}

	private static boolean isSecret(String property) {
		String name = property.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
		if (name.endsWith("directory")) {
			// where secrets are kept (credentials.directory), not a secret
			return false;
		}
		return name.endsWith("password") || name.contains("secret") || name.contains("credentials");
	}

}
