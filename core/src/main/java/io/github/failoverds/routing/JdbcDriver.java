package io.github.failoverds.routing;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The JDBC drivers whose timeouts the node pools ({@link DriverDefaults}) and the probes set, recognised
 * by the scheme of a JDBC URL. Each names its TCP connect timeout {@value #CONNECT_TIMEOUT} and its read
 * timeout {@value #SOCKET_TIMEOUT}; they differ in the unit. pgjdbc and MariaDB Connector/J take a
 * parameter of the URL over the same property given beside it.
 */
enum JdbcDriver {

	/** pgjdbc: timeouts in seconds. */
	POSTGRESQL("jdbc:postgresql:", TimeUnit.SECONDS),

	/**
	 * MariaDB Connector/J 3: timeouts in milliseconds; the connect timeout also bounds each read of the
	 * handshake, and of the connection that {@code abort()} opens to send {@code KILL}.
	 */
	MARIADB("jdbc:mariadb:", TimeUnit.MILLISECONDS),

	/** MySQL Connector/J: timeouts in milliseconds. */
	MYSQL("jdbc:mysql:", TimeUnit.MILLISECONDS);

	/** The TCP connect timeout of every driver here. */
	static final String CONNECT_TIMEOUT = "connectTimeout";

	/** The read timeout of every driver here. */
	static final String SOCKET_TIMEOUT = "socketTimeout";

	private final String urlPrefix;

	private final TimeUnit timeoutUnit;

	JdbcDriver(String urlPrefix, TimeUnit timeoutUnit) {
		this.urlPrefix = urlPrefix;
		this.timeoutUnit = timeoutUnit;
	}

	/**
	 * The driver of a JDBC URL.
	 * @param jdbcUrl the URL, may be {@code null}
	 * @return the driver, or empty for a URL of another driver
	 */
	static Optional<JdbcDriver> of(String jdbcUrl) {
		if (jdbcUrl == null) {
			return Optional.empty();
		}
		String url = jdbcUrl.toLowerCase(Locale.ROOT);
		return Stream.of(values()).filter((driver) -> url.startsWith(driver.urlPrefix)).findFirst();
	}

	/**
	 * The settings of a probe's connections: connect and read timeouts of one probe timeout, so that
	 * neither opening a connection nor a check on it outlasts the probe. For pgjdbc also no
	 * {@code loginTimeout}: pgjdbc enforces it on a new thread per attempt that outlives the timeout while
	 * its socket hangs, so on a partitioned node every probe would leave a thread behind; the connect and
	 * read timeouts bound the attempt on the probe's own I/O thread instead.
	 * @param timeout the probe timeout
	 * @return the settings, by property name
	 */
	Map<String, String> probeSettings(Duration timeout) {
		String value = timeout(timeout);
		if (this == POSTGRESQL) {
			return Map.of(CONNECT_TIMEOUT, value, SOCKET_TIMEOUT, value, "loginTimeout", "0");
		}
		return Map.of(CONNECT_TIMEOUT, value, SOCKET_TIMEOUT, value);
	}

	/**
	 * A timeout as this driver's value of a timeout property: in its unit, rounded up, and at least one,
	 * since zero means no limit.
	 */
	private String timeout(Duration timeout) {
		long nanosPerUnit = this.timeoutUnit.toNanos(1);
		return String.valueOf(Math.max(1, (timeout.toNanos() + nanosPerUnit - 1) / nanosPerUnit));
	}

	/**
	 * The names of a JDBC URL's parameters, in lower case.
	 * @param jdbcUrl the URL
	 * @return the names
	 */
	static Set<String> parameterNames(String jdbcUrl) {
		return parameters(jdbcUrl).map(JdbcDriver::parameterName).collect(Collectors.toSet());
	}

	/**
	 * A JDBC URL without some of its parameters, so that properties given beside it take effect.
	 * @param jdbcUrl the URL
	 * @param names the names of the parameters to drop, in any case
	 * @return the URL without them
	 */
	static String withoutParameters(String jdbcUrl, Set<String> names) {
		int query = jdbcUrl.indexOf('?');
		if (query < 0) {
			return jdbcUrl;
		}
		Set<String> dropped = names.stream().map((name) -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
		String kept = parameters(jdbcUrl).filter((parameter) -> !dropped.contains(parameterName(parameter)))
			.collect(Collectors.joining("&"));
		return kept.isEmpty() ? jdbcUrl.substring(0, query) : jdbcUrl.substring(0, query + 1) + kept;
	}

	private static Stream<String> parameters(String jdbcUrl) {
		int query = jdbcUrl.indexOf('?');
		if (query < 0) {
			return Stream.empty();
		}
		return Stream.of(jdbcUrl.substring(query + 1).split("&")).filter((parameter) -> !parameter.isBlank());
	}

	private static String parameterName(String parameter) {
		return parameter.split("=", 2)[0].trim().toLowerCase(Locale.ROOT);
	}

}
