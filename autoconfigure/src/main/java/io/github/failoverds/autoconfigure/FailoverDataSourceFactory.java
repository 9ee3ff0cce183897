package io.github.failoverds.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariCredentialsProvider;

import io.github.failoverds.routing.FailoverDataSource;
import io.github.failoverds.routing.FailoverDataSourceBuilder;
import io.github.failoverds.routing.FailoverListener;

import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.core.env.Environment;

/**
 * Turns the configuration into a started {@link FailoverDataSource}: resolves the nodes (see
 * {@link NodeDefinitions}), layers each node's HikariCP configuration (see {@link PoolSettings}; for
 * {@code failover.datasource.nodes}, the shared {@code failover.datasource.hikari.*} first, then the
 * node's own {@code hikari.*}, so a node-level setting wins), sets the node's url and credentials (and their
 * source when they rotate, see {@link NodeCredentialsSources}), and checks everything (names that bind to
 * nothing, see {@link UnknownPropertyCheck}; values, see
 * {@link FailoverPropertiesValidator}) before the first pool is opened.
 */
class FailoverDataSourceFactory {

	private final Environment environment;

	private final NodeDefinitions nodeDefinitions;

	private final UnknownPropertyCheck unknownProperties = new UnknownPropertyCheck();

	private final FailoverPropertiesValidator validator = new FailoverPropertiesValidator();

	private final NodeCredentialsSources credentialsSources;

	private final List<NodePoolCustomizer> customizers;

	private final List<FailoverListener> listeners;

	FailoverDataSourceFactory(Environment environment, JdbcConnectionDetails connectionDetails,
			NodeCredentialsSources credentialsSources, List<NodePoolCustomizer> customizers,
			List<FailoverListener> listeners) {
		this.environment = environment;
		this.nodeDefinitions = new NodeDefinitions(environment, connectionDetails);
		this.credentialsSources = credentialsSources;
		this.customizers = customizers;
		this.listeners = listeners;
	}

	/**
	 * Check the configuration and start the data source.
	 * @param properties the bound properties
	 * @return the started data source
	 * @throws InvalidFailoverPropertyException when the configuration is wrong; no pool is opened then
	 */
	FailoverDataSource create(FailoverDataSourceProperties properties) {
		Iterable<ConfigurationPropertySource> sources = ConfigurationPropertySources.get(this.environment);
		ConfigurationProblems problems = new ConfigurationProblems(sources);
		this.unknownProperties.check(sources, properties.isStrictKeys(), problems);
		List<ConfiguredNode> nodes = this.nodeDefinitions.resolve(properties, problems);
		this.validator.validate(properties, nodes, problems);
		List<HikariConfig> poolConfigs = new ArrayList<>();
		for (ConfiguredNode node : nodes) {
			poolConfigs.add(poolConfig(node, problems));
		}
		List<HikariCredentialsProvider> credentials = this.credentialsSources.resolve(properties, nodes, poolConfigs,
				problems);
		problems.throwIfAny();
		FailoverDataSourceBuilder builder = FailoverDataSource.builder()
			.connectionTimeout(properties.getConnectionTimeout())
			.awaitWritable(properties.getAwaitWritable())
			.health(properties.getHealth().getInterval(), properties.getHealth().getTimeout(),
					properties.getHealth().getFailureThreshold(), properties.getHealth().getRecoveryThreshold(),
					properties.getHealth().getHistorySize())
			.failback(properties.getFailback().isEnabled(), properties.getFailback().getDelay())
			.roleCheck(properties.getRoleCheck())
			.requireNode(properties.getStartup().isRequireNode())
			.leakDetection(properties.getLeakDetection().getThreshold(),
					properties.getLeakDetection().isCaptureStackTrace());
		for (int i = 0; i < nodes.size(); i++) {
			String name = nodes.get(i).name();
			HikariConfig config = poolConfigs.get(i);
			this.credentialsSources.apply(config, credentials.get(i));
			for (NodePoolCustomizer customizer : this.customizers) {
				customizer.customize(name, config);
			}
			builder.node(name, config);
		}
		FailoverDataSourceProperties.ReadOnlyRouting readOnlyRouting = properties.getReadOnlyRouting();
		if (readOnlyRouting.isEnabled()) {
			// the pools' own auto-commit, as resolved from every source and customizer, primary first
			HikariConfig primary = poolConfigs.get(0);
			builder.readWriteRouter(new LazyReadWriteRouter(primary.isAutoCommit(), primary.getTransactionIsolation()))
				.maxReplicaLag(readOnlyRouting.getMaxLag())
				.readYourWrites(readOnlyRouting.isReadYourWrites(), readOnlyRouting.getMaxWait());
		}
		this.listeners.forEach(builder::listener);
		return builder.build();
	}

	private HikariConfig poolConfig(ConfiguredNode node, ConfigurationProblems problems) {
		HikariConfig config = new HikariConfig();
		for (PoolSettings layer : node.poolSettings()) {
			layer.applyTo(config, problems);
		}
		config.setJdbcUrl(node.url());
		if (node.username() != null) {
			config.setUsername(node.username());
		}
		if (node.password() != null) {
			config.setPassword(node.password());
		}
		this.validator.validatePool(node, config, problems);
		return config;
	}

}
