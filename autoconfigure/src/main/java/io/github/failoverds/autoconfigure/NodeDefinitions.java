package io.github.failoverds.autoconfigure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Works out the database nodes from whichever way the application configures them.
 * <ol>
 * <li>{@code failover.datasource.nodes}, when it lists any node, defines every node; the shortcuts below
 * are then ignored.</li>
 * <li>Otherwise the primary comes from the first of: a {@link JdbcConnectionDetails} bean (Testcontainers
 * {@code @ServiceConnection}, Docker Compose), the {@code DATABASE_URL} environment variable,
 * {@code spring.datasource.url}; the standbys from {@code failover.datasource.failover-urls}, else the
 * comma-separated {@code DATABASE_FAILOVER_URLS}. Their pools take {@code spring.datasource.hikari.*},
 * then {@code DB_POOL_SIZE}/{@code DB_MAX_OVERFLOW}, then {@code failover.datasource.hikari.*}.</li>
 * </ol>
 * Any URL may be a JDBC URL or a URI such as {@code postgresql://user:password@host/db}; credentials
 * written in a URI win over those configured beside it (a node's {@code username}/{@code password}, or
 * the primary's credentials for a standby).
 */
final class NodeDefinitions {

	private static final String DATABASE_URL = "DATABASE_URL";

	private static final String DATABASE_FAILOVER_URLS = "DATABASE_FAILOVER_URLS";

	private static final String SPRING_DATASOURCE_URL = "spring.datasource.url";

	private static final String FAILOVER_URLS = FailoverDataSourceProperties.PREFIX + ".failover-urls";

	private static final String NODES = FailoverDataSourceProperties.PREFIX + ".nodes";

	private static final String CONNECTION_DETAILS = "the JdbcConnectionDetails bean";

	private static final String SHARED_HIKARI = FailoverDataSourceProperties.PREFIX + ".hikari";

	private static final String SPRING_HIKARI = "spring.datasource.hikari";

	/** Boot's view of spring.datasource.*: this class reads those properties itself. */
	private static final String BOOT_PROPERTIES_DETAILS = "org.springframework.boot.jdbc.autoconfigure.PropertiesJdbcConnectionDetails";

	private static final Logger logger = LoggerFactory.getLogger(NodeDefinitions.class);

	private final Environment environment;

	private final Binder binder;

	private final JdbcConnectionDetails connectionDetails;

	/**
	 * Create the definitions.
	 * @param environment the environment, for the properties and environment variables
	 * @param connectionDetails the application's JDBC connection details, or {@code null}
	 */
	NodeDefinitions(Environment environment, JdbcConnectionDetails connectionDetails) {
		this.environment = environment;
		this.binder = Binder.get(environment);
		this.connectionDetails = (connectionDetails != null
				&& !BOOT_PROPERTIES_DETAILS.equals(connectionDetails.getClass().getName())) ? connectionDetails : null;
	}

	/**
	 * The nodes in priority order.
	 * @param properties the bound properties
	 * @param problems where to record missing or malformed URLs, or the lack of any node
	 * @return the nodes; a node whose URL is missing or malformed has none
	 */
	List<ConfiguredNode> resolve(FailoverDataSourceProperties properties, ConfigurationProblems problems) {
		List<Source> primaries = primarySources();
		List<Source> standbys = standbySources(properties);
		if (!properties.getNodes().isEmpty()) {
			logIgnored(Stream.concat(primaries.stream(), standbys.stream()).toList(), NODES);
			return explicitNodes(properties, problems);
		}
		if (primaries.isEmpty()) {
			addNoPrimary(standbys, problems);
			return List.of();
		}
		logIgnored(primaries.subList(1, primaries.size()), primaries.get(0).label());
		if (standbys.isEmpty()) {
			return shortcutNodes(primaries.get(0), List.of(), problems);
		}
		logIgnored(standbys.subList(1, standbys.size()), standbys.get(0).label());
		return shortcutNodes(primaries.get(0), standbys.get(0).urls(), problems);
	}

	private List<ConfiguredNode> explicitNodes(FailoverDataSourceProperties properties,
			ConfigurationProblems problems) {
		List<ConfiguredNode> nodes = new ArrayList<>();
		List<FailoverDataSourceProperties.Node> configured = properties.getNodes();
		for (int i = 0; i < configured.size(); i++) {
			FailoverDataSourceProperties.Node node = configured.get(i);
			String path = NODES + "[" + i + "]";
			String name = (node.getName() != null) ? node.getName() : FailoverDataSourceProperties.defaultNodeName(i);
			List<PoolSettings> pool = List.of(new BoundPoolSettings(this.binder, SHARED_HIKARI),
					new BoundPoolSettings(this.binder, path + ".hikari"));
			nodes.add(node(name, path + ".name", new Url(node.getUrl(), path + ".url"), node.getUsername(),
					node.getPassword(), pool, problems));
		}
		return nodes;
	}

	private List<ConfiguredNode> shortcutNodes(Source primarySource, List<Url> standbyUrls,
			ConfigurationProblems problems) {
		List<PoolSettings> pool = Stream
			.of(new BoundPoolSettings(this.binder, SPRING_HIKARI), PoolSizeVariables.from(this.environment),
					new BoundPoolSettings(this.binder, SHARED_HIKARI))
			.filter(Objects::nonNull)
			.toList();
		List<ConfiguredNode> nodes = new ArrayList<>();
		ConfiguredNode primary = node(FailoverDataSourceProperties.defaultNodeName(0), null,
				primarySource.urls().get(0), primarySource.username(), primarySource.password(), pool, problems);
		nodes.add(primary);
		for (Url url : standbyUrls) {
			nodes.add(node(FailoverDataSourceProperties.defaultNodeName(nodes.size()), null, url, primary.username(),
					primary.password(), pool, problems));
		}
		return nodes;
	}

	private ConfiguredNode node(String name, String nameProperty, Url url, String username, String password,
			List<PoolSettings> pool, ConfigurationProblems problems) {
		if (!StringUtils.hasText(url.value())) {
			problems.add(url.property(), null, "Node '" + name + "' has no url.", "Set " + url.property()
					+ " to the node's JDBC URL (jdbc:postgresql://host:5432/db) or URI (postgresql://user:password@host:5432/db).");
			return new ConfiguredNode(name, nameProperty, null, url.property(), username, password, pool);
		}
		DatabaseUrl parsed;
		try {
			parsed = DatabaseUrl.parse(url.value());
		}
		catch (IllegalArgumentException ex) {
			problems.add(url.property(), url.value(), "Node '" + name + "' has a malformed url: " + ex.getMessage(),
					"Set " + url.property() + " to a JDBC URL (jdbc:postgresql://host:5432/db) or a URI with one of the "
							+ "schemes postgresql://, postgres://, mysql://, mariadb:// (postgresql://user:password@host:5432/db); "
							+ "percent-encode special characters in the user and password (@ is %40, : is %3A, / is %2F).");
			return new ConfiguredNode(name, nameProperty, null, url.property(), username, password, pool);
		}
		return new ConfiguredNode(name, nameProperty, parsed.jdbcUrl(), url.property(),
				(parsed.username() != null) ? parsed.username() : username,
				(parsed.password() != null) ? parsed.password() : password, pool);
	}

	/** The configured sources of a primary, in precedence order. */
	private List<Source> primarySources() {
		List<Source> sources = new ArrayList<>();
		String springUsername = this.binder.bind("spring.datasource.username", String.class).orElse(null);
		String springPassword = this.binder.bind("spring.datasource.password", String.class).orElse(null);
		if (this.connectionDetails != null) {
			sources.add(new Source(CONNECTION_DETAILS, List.of(new Url(this.connectionDetails.getJdbcUrl(),
					CONNECTION_DETAILS)), this.connectionDetails.getUsername(), this.connectionDetails.getPassword()));
		}
		String databaseUrl = this.environment.getProperty(DATABASE_URL);
		if (databaseUrl != null) {
			sources.add(new Source(DATABASE_URL, List.of(new Url(databaseUrl, DATABASE_URL)), springUsername,
					springPassword));
		}
		this.binder.bind(SPRING_DATASOURCE_URL, String.class)
			.ifBound((url) -> sources.add(new Source(SPRING_DATASOURCE_URL,
					List.of(new Url(url, SPRING_DATASOURCE_URL)), springUsername, springPassword)));
		return sources;
	}

	/** The configured lists of standbys, in precedence order; blank entries are left out. */
	private List<Source> standbySources(FailoverDataSourceProperties properties) {
		List<Source> sources = new ArrayList<>();
		List<Url> failoverUrls = new ArrayList<>();
		for (int i = 0; i < properties.getFailoverUrls().size(); i++) {
			failoverUrls.add(new Url(properties.getFailoverUrls().get(i), FAILOVER_URLS + "[" + i + "]"));
		}
		addIfAny(sources, FAILOVER_URLS, failoverUrls);
		String variable = this.environment.getProperty(DATABASE_FAILOVER_URLS);
		if (variable != null) {
			List<String> values = Arrays.asList(variable.split(","));
			List<Url> urls = new ArrayList<>();
			for (int i = 0; i < values.size(); i++) {
				urls.add(new Url(values.get(i), DATABASE_FAILOVER_URLS + " (URL " + (i + 1) + ")"));
			}
			addIfAny(sources, DATABASE_FAILOVER_URLS, urls);
		}
		return sources;
	}

	private static void addIfAny(List<Source> sources, String label, List<Url> urls) {
		List<Url> given = urls.stream().filter((url) -> StringUtils.hasText(url.value())).toList();
		if (!given.isEmpty()) {
			sources.add(new Source(label, given, null, null));
		}
	}

	private static void addNoPrimary(List<Source> standbys, ConfigurationProblems problems) {
		if (!standbys.isEmpty()) {
			String label = standbys.get(0).label();
			problems.add(label, null, label + " lists standby nodes, but no primary is configured.",
					"Give the standbys of " + label + " a primary: set spring.datasource.url (with "
							+ "spring.datasource.username and spring.datasource.password) or the environment variable "
							+ DATABASE_URL + " to its URL, or list every node, primary first, under " + NODES + ".");
			return;
		}
		String newLine = System.lineSeparator();
		problems.add(NODES, null, "No database node is configured: " + NODES + " is empty and no primary is given "
				+ "by spring.datasource.url, the DATABASE_URL environment variable or a JdbcConnectionDetails bean.",
				"Configure the database nodes in one of these ways:" + newLine
						+ "      - list them under " + NODES + ": " + NODES + "[0].url, " + NODES + "[0].username, "
						+ NODES + "[0].password for the primary, " + NODES + "[1].url ... for the first standby;"
						+ newLine + "      - set spring.datasource.url, spring.datasource.username and "
						+ "spring.datasource.password for the primary and list the standbys in " + FAILOVER_URLS + ";"
						+ newLine + "      - set the environment variable " + DATABASE_URL
						+ " (e.g. postgresql://user:password@host:5432/db) and, for the standbys, "
						+ DATABASE_FAILOVER_URLS + " (comma-separated)." + newLine
						+ "    A JdbcConnectionDetails bean (Testcontainers @ServiceConnection, Docker Compose) also "
						+ "gives the primary. If this application should not use the failover DataSource, set "
						+ FailoverDataSourceProperties.PREFIX + ".enabled=false.");
	}

	private static void logIgnored(List<Source> ignored, String winner) {
		if (!ignored.isEmpty()) {
			logger.info("The failover DataSource ignores {}: {} takes precedence",
					String.join(", ", ignored.stream().map(Source::label).toList()), winner);
		}
	}

	/**
	 * A URL as configured, and where it is configured.
	 */
	private record Url(String value, String property) {
	}

	/**
	 * One way of configuring a primary or the standbys: the URLs it gives and the credentials that go
	 * with them.
	 */
	private record Source(String label, List<Url> urls, String username, String password) {
	}

}
