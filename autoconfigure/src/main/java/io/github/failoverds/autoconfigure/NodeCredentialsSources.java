package io.github.failoverds.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariCredentialsProvider;

import io.github.failoverds.autoconfigure.credentials.CredentialsWatcher;
import io.github.failoverds.autoconfigure.credentials.DirectoryCredentialsProvider;

/**
 * Chooses where each node's pool and probe take their credentials from, the first of:
 * <ol>
 * <li>the node's {@code failover.datasource.nodes[i].credentials-directory};</li>
 * <li>a {@link HikariCredentialsProvider} bean (one only);</li>
 * <li>{@code failover.datasource.credentials.directory};</li>
 * <li>otherwise what the node's pool settings say: HikariCP's {@code credentials-provider-class-name}, or the
 * username and password.</li>
 * </ol>
 * A {@link NodePoolCustomizer} runs afterwards and may set a provider of its own. Directories are read once
 * before any pool opens, so that a missing or empty password file is a configuration mistake that names its
 * property, and then watched (see {@link CredentialsWatcher}).
 */
final class NodeCredentialsSources {

	private static final String PREFIX = FailoverDataSourceProperties.PREFIX;

	private static final String SHARED_DIRECTORY = PREFIX + ".credentials.directory";

	private static final String REFRESH_INTERVAL = PREFIX + ".credentials.refresh-interval";

	private final HikariCredentialsProvider providerBean;

	private final CredentialsWatcher watcher;

	/**
	 * Create the sources.
	 * @param providerBean the application's credentials provider for every node, or {@code null}
	 * @param watcher watches the directories in use
	 */
	NodeCredentialsSources(HikariCredentialsProvider providerBean, CredentialsWatcher watcher) {
		this.providerBean = providerBean;
		this.watcher = watcher;
	}

	/**
	 * The credentials provider of every node.
	 * @param properties the bound properties
	 * @param nodes the nodes, in the order of {@code properties.getNodes()} when those are listed
	 * @param configs the nodes' pool configurations, with the settings applied (for the default username)
	 * @param problems where to record unreadable directories and conflicting settings
	 * @return one provider per node, {@code null} for a node that keeps its pool settings
	 */
	List<HikariCredentialsProvider> resolve(FailoverDataSourceProperties properties, List<ConfiguredNode> nodes,
			List<HikariConfig> configs, ConfigurationProblems problems) {
		FailoverDataSourceProperties.Credentials shared = properties.getCredentials();
		if (shared.getRefreshInterval() == null || shared.getRefreshInterval().isNegative()
				|| shared.getRefreshInterval().isZero()) {
			problems.add(REFRESH_INTERVAL, shared.getRefreshInterval(),
					"The credentials refresh interval must be above zero.",
					"Set " + REFRESH_INTERVAL + " to a duration such as 10s.");
		}
		if (shared.getDirectory() != null && this.providerBean != null) {
			problems.add(SHARED_DIRECTORY, shared.getDirectory(),
					"Both a HikariCredentialsProvider bean and " + SHARED_DIRECTORY
							+ " give the credentials of every node.",
					"Remove " + SHARED_DIRECTORY + " or the HikariCredentialsProvider bean. To give one node "
							+ "credentials of its own, set " + PREFIX + ".nodes[i].credentials-directory or use a "
							+ "NodePoolCustomizer bean.");
		}
		List<HikariCredentialsProvider> providers = new ArrayList<>();
		for (int i = 0; i < nodes.size(); i++) {
			providers.add(provider(properties, i, nodes.get(i), configs.get(i), problems));
		}
		return providers;
	}

	/**
	 * Give a node's pool configuration its provider and watch its directory.
	 * @param config the node's pool configuration
	 * @param provider the provider, {@code null} to keep the pool settings
	 */
	void apply(HikariConfig config, HikariCredentialsProvider provider) {
		if (provider != null) {
			config.setCredentialsProvider(provider);
		}
		if (provider instanceof DirectoryCredentialsProvider directory) {
			this.watcher.watch(directory);
		}
	}

	private HikariCredentialsProvider provider(FailoverDataSourceProperties properties, int index,
			ConfiguredNode node, HikariConfig config, ConfigurationProblems problems) {
		// listed nodes come in the order of properties.getNodes(); shortcut nodes have no directory of their own
		Path own = properties.getNodes().isEmpty() ? null : properties.getNodes().get(index).getCredentialsDirectory();
		if (own != null) {
			return directory(node, own, PREFIX + ".nodes[" + index + "].credentials-directory", config, problems);
		}
		if (this.providerBean != null) {
			return this.providerBean;
		}
		Path shared = properties.getCredentials().getDirectory();
		return (shared != null) ? directory(node, shared, SHARED_DIRECTORY, config, problems) : null;
	}

	private static DirectoryCredentialsProvider directory(ConfiguredNode node, Path directory, String property,
			HikariConfig config, ConfigurationProblems problems) {
		if (!Files.isDirectory(directory)) {
			problems.add(property, directory, "The credentials directory of node '" + node.name() + "' "
					+ (Files.exists(directory) ? "is not a directory." : "does not exist."),
					"Set " + property + " to a directory that holds a file '" + DirectoryCredentialsProvider.PASSWORD_FILE
							+ "' and, optionally, a file '" + DirectoryCredentialsProvider.USERNAME_FILE
							+ "' (for example where a Kubernetes secret is mounted).");
			return null;
		}
		try {
			return new DirectoryCredentialsProvider("node '" + node.name() + "'", directory, config.getUsername());
		}
		catch (IllegalStateException ex) {
			problems.add(property, directory, "The credentials of node '" + node.name() + "' cannot be read: "
					+ ex.getMessage() + ".", "Put the node's password in the file '"
							+ DirectoryCredentialsProvider.PASSWORD_FILE + "' of " + directory
							+ ", readable by the application, and its username in the file '"
							+ DirectoryCredentialsProvider.USERNAME_FILE + "' unless it is configured.");
			return null;
		}
	}

}
