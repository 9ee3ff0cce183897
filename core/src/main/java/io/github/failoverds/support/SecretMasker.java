package io.github.failoverds.support;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes a node's secrets (its password, URL credentials) from text before the text is logged, shown
 * by Actuator or put into an exception message.
 */
public final class SecretMasker {

	private static final String MASK = "****";

	/**
	 * A user-info password: after an optional {@code scheme://} (which may hold colons, as in
	 * {@code jdbc:mysql://}), the text from the first {@code :} to the last {@code @} before any {@code ?}.
	 */
	private static final Pattern USER_INFO_PASSWORD = Pattern
		.compile("^((?:[A-Za-z][A-Za-z0-9+.:-]*://)?+[^:?]*:)([^?]*)@");

	/** The value of a parameter whose name ends with {@code password}, after {@code ?}, {@code &} or {@code ;}. */
	private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;][^?&;=]*password=)([^&;]*)");

	private final List<String> secrets;

	/**
	 * Create a masker for the given secrets; {@code null} and empty ones are ignored.
	 * @param secrets the values that must never be shown
	 */
	public SecretMasker(String... secrets) {
		this.secrets = Arrays.stream(secrets).filter(Objects::nonNull).filter((s) -> !s.isEmpty()).toList();
	}

	/**
	 * A masker for a node's secrets: its password, and every password its URL carries (user-info, or a
	 * parameter whose name ends with {@code password}).
	 * @param url the node's URL, may be {@code null}
	 * @param passwords its passwords given apart from the URL, may hold {@code null}
	 * @return the masker
	 */
	public static SecretMasker forNode(String url, String... passwords) {
		List<String> secrets = new ArrayList<>(Arrays.asList(passwords));
		if (url != null) {
			for (Pattern pattern : List.of(USER_INFO_PASSWORD, PASSWORD_PARAMETER)) {
				Matcher matcher = pattern.matcher(url);
				while (matcher.find()) {
					secrets.add(matcher.group(2));
				}
			}
		}
		return new SecretMasker(secrets.toArray(String[]::new));
	}

	/**
	 * Mask the credentials a URL carries, without knowing them, so that it can be logged or shown: the
	 * password of a user-info ({@code postgresql://app:****@host/db}, also in a JDBC URL such as
	 * {@code jdbc:mysql://app:****@host/db}) and the value of every parameter or property whose name ends
	 * with {@code password}, case-insensitively ({@code ?user=app&password=****}, {@code ;password=****}).
	 * @param url the URL, may be {@code null}
	 * @return the URL with those values shown as {@code ****}
	 */
	public static String maskUrlCredentials(String url) {
		if (url == null) {
			return null;
		}
		String masked = PASSWORD_PARAMETER.matcher(url).replaceAll("$1" + MASK);
		return USER_INFO_PASSWORD.matcher(masked).replaceFirst("$1" + MASK + "@");
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
