package io.github.failoverds.routing;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariConfig;

/**
 * Socket-level defaults for the JDBC drivers of PostgreSQL, MariaDB and MySQL in the node pools, so that
 * a node whose packets vanish (a network partition, a host that lost power) cannot hold a pool's sockets
 * for hours. Each is applied only to a URL of its driver ({@code jdbc:postgresql:}, {@code jdbc:mariadb:},
 * {@code jdbc:mysql:}), and only when the user set it neither as a data-source property nor as a URL
 * parameter: the user's value always wins.
 * <p>
 * pgjdbc:
 * <ul>
 * <li>{@code connectTimeout=5} (seconds; pgjdbc's default is 10): a TCP connect to a partitioned node
 * fails after 5 s instead of 10, so the pool's connection adder is free again sooner. Five seconds
 * still covers two SYN retransmissions (Linux resends 1 s and 3 s after the first SYN).</li>
 * <li>{@code tcpKeepAlive=true} (pgjdbc's default is {@code false}): without it, a socket that waits
 * for an answer from a vanished peer waits forever; with it, the operating system gives up after its
 * keep-alive time (about 2 h 11 min with Linux defaults, tunable with
 * {@code net.ipv4.tcp_keepalive_*}). Keep-alive packets cost nothing noticeable.</li>
 * </ul>
 * MariaDB Connector/J and MySQL Connector/J:
 * <ul>
 * <li>{@code connectTimeout=5000} (milliseconds, for the same 5 s). MySQL Connector/J's own default is
 * no limit. MariaDB Connector/J's is {@link java.sql.DriverManager}'s login timeout, a setting of the
 * whole JVM that HikariCP sets from its {@code connectionTimeout} (30 s by default), else 30 s; it also
 * bounds each read of the handshake and the connection that MariaDB's {@code Connection.abort()} opens
 * to send {@code KILL} for a connection that is running a statement, so on a partitioned node an abort
 * too is over after 5 s.</li>
 * <li>No {@code tcpKeepAlive}: both drivers turn it on by default.</li>
 * </ul>
 * Two settings are left at the drivers' defaults (no limit) on purpose:
 * <ul>
 * <li>{@code socketTimeout}: the only bound on a statement already running on a silent node, but it
 * also kills every legitimately long statement (reports, lock waits, {@code LISTEN}). Only the user
 * knows the longest statement; set it to two or three times that.</li>
 * <li>{@code loginTimeout} (pgjdbc): pgjdbc enforces it by running each connection attempt on a new
 * thread that outlives the timeout while its socket hangs, so on a partitioned node every attempt of the
 * pool would leave a thread behind. Without it the attempt runs on HikariCP's single connection-adder
 * thread of that node, off every request path: a borrow never waits for it (see
 * {@link FailoverDataSource}).</li>
 * </ul>
 * Borrows and probes never depend on these: a borrow waits in bounded slices, and the probe has its own
 * connect and read timeouts of one {@code health.timeout}, whatever the user set.
 */
final class DriverDefaults {

	private static final Map<String, String> POSTGRESQL = Map.of(JdbcDriver.CONNECT_TIMEOUT, "5", "tcpKeepAlive",
			"true");

	private static final Map<String, String> MARIADB_AND_MYSQL = Map.of(JdbcDriver.CONNECT_TIMEOUT, "5000");

	private DriverDefaults() {
	}

	/**
	 * Add the defaults the user did not set to a node pool's data-source properties.
	 * @param config the node pool's configuration, with its JDBC URL
	 */
	static void applyTo(HikariConfig config) {
		String url = config.getJdbcUrl();
		JdbcDriver.of(url).ifPresent((driver) -> {
			Set<String> userSet = Stream
				.concat(config.getDataSourceProperties().stringPropertyNames().stream()
					.map((name) -> name.toLowerCase(Locale.ROOT)), JdbcDriver.parameterNames(url).stream())
				.collect(Collectors.toSet());
			defaultsOf(driver).forEach((name, value) -> {
				if (!userSet.contains(name.toLowerCase(Locale.ROOT))) {
					config.addDataSourceProperty(name, value);
				}
			});
		});
	}

	private static Map<String, String> defaultsOf(JdbcDriver driver) {
		return switch (driver) {
			case POSTGRESQL -> POSTGRESQL;
			case MARIADB, MYSQL -> MARIADB_AND_MYSQL;
		};
	}

}
