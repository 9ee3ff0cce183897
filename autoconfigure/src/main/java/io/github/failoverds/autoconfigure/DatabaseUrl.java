package io.github.failoverds.autoconfigure;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import io.github.failoverds.support.SecretMasker;

/**
 * A database node's connection settings, taken from either a JDBC URL or a platform-style URI such as
 * Heroku's {@code DATABASE_URL} ({@code postgres://user:password@host:5432/database}).
 * <p>
 * A URI with the scheme {@code postgresql}, {@code postgres}, {@code mysql} or {@code mariadb} becomes the
 * matching JDBC URL ({@code jdbc:postgresql://host[:port]/[database][?parameters]}, and so on), its
 * percent-decoded (UTF-8) user-info becoming the {@link #username()} and {@link #password()}. The user-info
 * ends at the last {@code @} before the query, so a password may contain a raw {@code @}, {@code :} or
 * {@code /}; a {@code ?} in it must be percent-encoded as {@code %3F}. A JDBC URL is used as it is, with any
 * credentials it carries left inside it.
 * <p>
 * Neither {@link #toString()} nor the message of a parse error contains the password.
 *
 * @param jdbcUrl the JDBC URL to connect to
 * @param username the user name taken from a URI's user-info, or {@code null} if there is none
 * @param password the password taken from a URI's user-info (possibly empty), or {@code null} if there is
 * none
 */
record DatabaseUrl(String jdbcUrl, String username, String password) {

	private static final String MASK = "****";

	private static final String ACCEPTED_FORMS = "expected a JDBC URL (jdbc:...) or a URI "
			+ "scheme://[user[:password]@]host[:port][/database][?parameters] with the scheme postgresql, "
			+ "postgres, mysql or mariadb (percent-encode special characters in the user name and password)";

	private static final Map<String, String> SUBPROTOCOLS = Map.of("postgresql", "postgresql", "postgres",
			"postgresql", "mysql", "mysql", "mariadb", "mariadb");

	private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");

	private static final Pattern HOST = Pattern.compile("\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._~-]+");

	private static final Pattern PORT = Pattern.compile(":[0-9]{1,5}");

	/**
	 * Create a value; prefer {@link #parse(String)}.
	 * @param jdbcUrl the JDBC URL to connect to
	 * @param username the user name, or {@code null}
	 * @param password the password, or {@code null}
	 */
	public DatabaseUrl {
		Objects.requireNonNull(jdbcUrl, "jdbcUrl must not be null");
	}

	/**
	 * Parse a JDBC URL or a {@code postgresql://}, {@code postgres://}, {@code mysql://} or
	 * {@code mariadb://} URI. Leading and trailing whitespace is ignored; a JDBC URL is otherwise returned
	 * unchanged, without a separate user name or password.
	 * @param url the URL to parse
	 * @return the parsed value
	 * @throws IllegalArgumentException if the URL is blank, has another scheme, or is malformed; the message
	 * says why, and quotes the URL with its credentials masked
	 */
	public static DatabaseUrl parse(String url) {
		if (url == null || url.isBlank()) {
			throw new IllegalArgumentException("Database URL must not be null or blank; " + ACCEPTED_FORMS);
		}
		String trimmed = url.strip();
		if (trimmed.startsWith("jdbc:")) {
			return new DatabaseUrl(trimmed, null, null);
		}
		int schemeEnd = trimmed.indexOf("://");
		if (schemeEnd < 0 || !SCHEME.matcher(trimmed.substring(0, schemeEnd)).matches()) {
			throw invalid(trimmed, "it is neither a JDBC URL nor a URI");
		}
		String scheme = trimmed.substring(0, schemeEnd);
		String subprotocol = SUBPROTOCOLS.get(scheme.toLowerCase(Locale.ROOT));
		if (subprotocol == null) {
			throw invalid(trimmed, "the scheme '" + scheme + "' is not supported");
		}
		String rest = trimmed.substring(schemeEnd + 3);
		int userInfoEnd = rest.lastIndexOf('@', indexOfAny(rest, "?") - 1);
		String username = null;
		String password = null;
		if (userInfoEnd >= 0) {
			String userInfo = rest.substring(0, userInfoEnd);
			int colon = userInfo.indexOf(':');
			username = decode((colon < 0) ? userInfo : userInfo.substring(0, colon), trimmed);
			password = (colon < 0) ? null : decode(userInfo.substring(colon + 1), trimmed);
		}
		String location = rest.substring(userInfoEnd + 1);
		int hostPortEnd = indexOfAny(location, "/?");
		String hostPort = location.substring(0, hostPortEnd);
		checkHostAndPort(hostPort, trimmed);
		String pathAndQuery = location.substring(hostPortEnd);
		String jdbcUrl = "jdbc:" + subprotocol + "://" + hostPort + (pathAndQuery.startsWith("/") ? "" : "/")
				+ pathAndQuery;
		return new DatabaseUrl(jdbcUrl, (username == null || username.isEmpty()) ? null : username, password);
	}

	/**
	 * Describe this value with the JDBC URL masked by {@link SecretMasker#maskUrlCredentials(String)} and the
	 * password, if any, shown as {@code ****}.
	 * @return a description without the password
	 */
	@Override
	public String toString() {
		return "DatabaseUrl[jdbcUrl=" + SecretMasker.maskUrlCredentials(this.jdbcUrl) + ", username=" + this.username
				+ ", password=" + ((this.password != null) ? MASK : null) + "]";
	}

	private static void checkHostAndPort(String hostPort, String url) {
		boolean bracketed = hostPort.startsWith("[");
		if (!bracketed && hostPort.indexOf(':') != hostPort.lastIndexOf(':')) {
			throw invalid(url, "an IPv6 host must be enclosed in brackets, like [::1]");
		}
		int hostEnd = bracketed ? Math.min(indexOfAny(hostPort, "]") + 1, hostPort.length())
				: indexOfAny(hostPort, ":");
		String host = hostPort.substring(0, hostEnd);
		String port = hostPort.substring(hostEnd);
		if (host.isEmpty()) {
			throw invalid(url, "it has no host");
		}
		if (!HOST.matcher(host).matches()) {
			throw invalid(url, "the host is not a host name, an IPv4 address or a bracketed IPv6 address");
		}
		if (!port.isEmpty() && (!PORT.matcher(port).matches() || Integer.parseInt(port.substring(1)) > 65535)) {
			throw invalid(url, "the port is not a number from 0 to 65535");
		}
	}

	private static String decode(String text, String url) {
		StringBuilder decoded = new StringBuilder(text.length());
		int i = 0;
		while (i < text.length()) {
			if (text.charAt(i) != '%') {
				decoded.append(text.charAt(i++));
				continue;
			}
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			while (i < text.length() && text.charAt(i) == '%') {
				if (i + 3 > text.length() || !HexFormat.isHexDigit(text.charAt(i + 1))
						|| !HexFormat.isHexDigit(text.charAt(i + 2))) {
					throw invalid(url, "the user-info has a '%' that is not followed by two hexadecimal digits");
				}
				bytes.write(HexFormat.fromHexDigits(text, i + 1, i + 3));
				i += 3;
			}
			try {
				decoded.append(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray())));
			}
			catch (CharacterCodingException ex) {
				throw invalid(url, "the user-info has percent-encoded bytes that are not valid UTF-8");
			}
		}
		return decoded.toString();
	}

	private static int indexOfAny(String text, String characters) {
		for (int i = 0; i < text.length(); i++) {
			if (characters.indexOf(text.charAt(i)) >= 0) {
				return i;
			}
		}
		return text.length();
	}

	private static IllegalArgumentException invalid(String url, String problem) {
		return new IllegalArgumentException(
				"Invalid database URL '" + SecretMasker.maskUrlCredentials(url) + "': " + problem + "; " + ACCEPTED_FORMS);
	}

}
