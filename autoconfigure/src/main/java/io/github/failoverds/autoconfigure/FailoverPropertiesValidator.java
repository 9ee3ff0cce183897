package io.github.failoverds.autoconfigure;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.zaxxer.hikari.HikariConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.util.StringUtils;

/**
 * Checks the configuration of the failover DataSource once, before any pool is opened: timings and
 * thresholds, the role check, node names, pool sizes and that a JDBC driver accepts every URL.
 * Mistakes are recorded as {@link ConfigurationProblem}s; a fail-back delay shorter than the probe
 * interval is only logged as a warning.
 */
final class FailoverPropertiesValidator {

	/** Node names end up in metric tags, pool names and JMX names: keep them to safe characters. */
	private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9._-]+");

	private static final String PREFIX = FailoverDataSourceProperties.PREFIX + ".";

	private static final Logger logger = LoggerFactory.getLogger(FailoverPropertiesValidator.class);

	/** Maven coordinates of the drivers of the databases users most often name in a URL. */
	private static final Map<DatabaseDriver, String> DRIVER_ARTIFACTS = Map.of(DatabaseDriver.POSTGRESQL,
			"org.postgresql:postgresql", DatabaseDriver.MYSQL, "com.mysql:mysql-connector-j", DatabaseDriver.MARIADB,
			"org.mariadb.jdbc:mariadb-java-client", DatabaseDriver.H2, "com.h2database:h2", DatabaseDriver.ORACLE,
			"com.oracle.database.jdbc:ojdbc11", DatabaseDriver.SQLSERVER, "com.microsoft.sqlserver:mssql-jdbc");

	/**
	 * Check the settings that do not belong to one node, and the node names.
	 * @param properties the bound properties
	 * @param nodes the nodes
	 * @param problems where to record mistakes
	 */
	void validate(FailoverDataSourceProperties properties, List<ConfiguredNode> nodes, ConfigurationProblems problems) {
		FailoverDataSourceProperties.Health health = properties.getHealth();
		requirePositive("connection-timeout", properties.getConnectionTimeout(), problems);
		requireNotNegative("await-writable", properties.getAwaitWritable(), problems);
		requirePositive("health.interval", health.getInterval(), problems);
		requirePositive("health.timeout", health.getTimeout(), problems);
		requireAtLeastOne("health.failure-threshold", health.getFailureThreshold(), problems);
		requireAtLeastOne("health.recovery-threshold", health.getRecoveryThreshold(), problems);
		requireAtLeastOne("health.history-size", health.getHistorySize(), problems);
		requireNotNegative("failback.delay", properties.getFailback().getDelay(), problems);
		requireNotNegative("leak-detection.threshold", properties.getLeakDetection().getThreshold(), problems);
		if (!StringUtils.hasText(properties.getRoleCheck())) {
			problems.add(PREFIX + "role-check", null, "The role check is empty.", "Set " + PREFIX
					+ "role-check to 'auto', 'none' or a SQL query that returns true on a read-only node.");
		}
		validateReadOnlyRouting(properties.getReadOnlyRouting(), problems);
		validateNames(nodes, problems);
		warnIfFailbackIsFasterThanProbes(properties);
	}

	/**
	 * Check one node's pool configuration and that a JDBC driver accepts its URL.
	 * @param node the node
	 * @param config its complete pool configuration
	 * @param problems where to record mistakes
	 */
	void validatePool(ConfiguredNode node, HikariConfig config, ConfigurationProblems problems) {
		if (config.getMinimumIdle() > config.getMaximumPoolSize()) {
			String minimumIdle = propertySetting(node, "minimum-idle");
			String maximumPoolSize = propertySetting(node, "maximum-pool-size");
			problems.add(minimumIdle, config.getMinimumIdle(),
					"minimum-idle (" + config.getMinimumIdle() + ") is above maximum-pool-size ("
							+ config.getMaximumPoolSize() + ", "
							+ ((maximumPoolSize != null) ? "set by " + maximumPoolSize : "HikariCP's default") + ").",
					"Lower " + minimumIdle + " to at most " + config.getMaximumPoolSize() + ", or raise "
							+ ((maximumPoolSize != null) ? maximumPoolSize : minimumIdle.replace("minimum-idle",
									"maximum-pool-size")) + ".");
		}
		if (node.url() != null && config.getDriverClassName() == null && config.getDataSourceClassName() == null) {
			requireDriver(node, problems);
		}
	}

	/**
	 * Negative limits are mistakes; so is the shorthand {@code read-only-routing: true} beside nested
	 * settings, which the binder would ignore. Freshness settings without read/write splitting only warn:
	 * every read then goes to the writable node, which is as fresh as it gets.
	 */
	private void validateReadOnlyRouting(FailoverDataSourceProperties.ReadOnlyRouting routing,
			ConfigurationProblems problems) {
		String property = PREFIX + "read-only-routing";
		if (problems.isSetInBothForms(property)) {
			problems.add(property, null, "The shorthand " + property + "=true (or false) is set beside settings under "
					+ property + ".*, which it replaces: they are ignored.",
					"Replace the shorthand with " + property + ".enabled=true, next to the other settings.");
		}
		if (routing.getMaxLag() != null) {
			requireNotNegative("read-only-routing.max-lag", routing.getMaxLag(), problems);
		}
		requireNotNegative("read-only-routing.max-wait", routing.getMaxWait(), problems);
		if (!routing.isEnabled() && (routing.isReadYourWrites() || routing.getMaxLag() != null)) {
			logger.warn("{}.read-your-writes and {}.max-lag have no effect while {}.enabled is false: every read goes "
					+ "to the writable node, which sees every write", property, property, property);
		}
	}

	private void validateNames(List<ConfiguredNode> nodes, ConfigurationProblems problems) {
		Map<String, ConfiguredNode> byName = new HashMap<>();
		for (ConfiguredNode node : nodes) {
			if (!NODE_NAME.matcher(node.name()).matches()) {
				problems.add(node.nameProperty(), node.name(), "The node name '" + node.name()
						+ "' cannot be used as a pool name and metric tag.",
						"Set " + node.nameProperty() + " to a name of letters, digits, '.', '_' and '-' only, such as "
								+ "'primary' or 'eu-west-1a'.");
			}
			ConfiguredNode first = byName.putIfAbsent(node.name(), node);
			if (first != null) {
				String firstNode = first.nameProperty().substring(0, first.nameProperty().lastIndexOf('.'));
				problems.add(node.nameProperty(), node.name(), "The node name '" + node.name()
						+ "' is already used by the node at " + firstNode
						+ " (names default to primary, standby-1, standby-2, ... by position).",
						"Give every node its own name: change " + node.nameProperty() + ".");
			}
		}
	}

	private void requireDriver(ConfiguredNode node, ConfigurationProblems problems) {
		try {
			DriverManager.getDriver(node.url());
		}
		catch (SQLException ex) {
			DatabaseDriver database = DatabaseDriver.fromJdbcUrl(node.url());
			String artifact = DRIVER_ARTIFACTS.get(database);
			String action = (database != DatabaseDriver.UNKNOWN)
					? "The url in " + node.urlProperty() + " needs the JDBC driver " + database.getDriverClassName()
							+ ": add " + ((artifact != null) ? "the dependency " + artifact : "its dependency")
							+ " to the application (or, if the driver is on the classpath but does not register itself, set "
							+ PREFIX + "hikari.driver-class-name)."
					: "Check that " + node.urlProperty() + " has the form jdbc:<database>://host:port/database "
							+ "and that the database's JDBC driver is a dependency of the application.";
			problems.add(node.urlProperty(), node.url(),
					"No JDBC driver on the classpath accepts the url of node '" + node.name() + "'.", action);
		}
	}

	private void warnIfFailbackIsFasterThanProbes(FailoverDataSourceProperties properties) {
		Duration delay = properties.getFailback().getDelay();
		Duration interval = properties.getHealth().getInterval();
		if (properties.getFailback().isEnabled() && delay != null && interval != null && !delay.isNegative()
				&& delay.compareTo(interval) < 0) {
			logger.warn("{}failback.delay ({}) is shorter than {}health.interval ({}): a recovered node is only seen "
					+ "at the next probe, so fail-back waits at least one interval. Set {}failback.delay to {} or more.",
					PREFIX, delay, PREFIX, interval, PREFIX, interval);
		}
	}

	private static String propertySetting(ConfiguredNode node, String setting) {
		String property = null;
		for (PoolSettings layer : node.poolSettings()) {
			String candidate = layer.propertySetting(setting);
			property = (candidate != null) ? candidate : property;
		}
		return property;
	}

	private static void requirePositive(String property, Duration value, ConfigurationProblems problems) {
		if (value == null || value.isZero() || value.isNegative()) {
			problems.add(PREFIX + property, value, "It must be a positive duration.",
					"Set " + PREFIX + property + " to a duration above zero, such as 500ms, 2s or 1m.");
		}
	}

	private static void requireNotNegative(String property, Duration value, ConfigurationProblems problems) {
		if (value == null || value.isNegative()) {
			problems.add(PREFIX + property, value, "It must be zero or a positive duration.",
					"Set " + PREFIX + property + " to 0 or a positive duration, such as 10s or 5m.");
		}
	}

	private static void requireAtLeastOne(String property, int value, ConfigurationProblems problems) {
		if (value < 1) {
			problems.add(PREFIX + property, value, "It must be 1 or more.",
					"Set " + PREFIX + property + " to a whole number of 1 or more.");
		}
	}

}
