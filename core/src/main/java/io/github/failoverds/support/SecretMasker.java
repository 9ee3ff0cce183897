package io.github.failoverds.support;

import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * Removes a node's secrets (its password, URL credentials) from text before the text is logged, shown
 * by Actuator or put into an exception message.
 */
public final class SecretMasker {

	private static final String MASK = "****";

	private final List<String> secrets;

	/**
	 * Create a masker for the given secrets; {@code null} and empty ones are ignored.
	 * @param secrets the values that must never be shown
	 */
	public SecretMasker(String... secrets) {
		this.secrets = java.util.Arrays.stream(secrets).filter(Objects::nonNull).filter((s) -> !s.isEmpty()).toList();
	}

	/**
	 * Replace every secret in the text with {@code ****}.
	 * @param text the text, may be {@code null}
	 * @return the masked text
	 */
	public String mask(String text) {
		if (text == null) {
			return null;
		}
		String masked = text;
		for (String secret : this.secrets) {
			masked = masked.replace(secret, MASK);
		}
		return masked;
	}

	/**
	 * Describe a failure in one line: its message and SQLState, with secrets masked.
	 * @param failure the failure
	 * @return a description safe to show
	 */
	public String describe(Throwable failure) {
		String message = (failure.getMessage() != null) ? failure.getMessage() : failure.getClass().getSimpleName();
		if (failure instanceof SQLException sqlException && sqlException.getSQLState() != null) {
			message = message + " [SQLState " + sqlException.getSQLState() + "]";
		}
		return mask(message);
	}

}
