package io.github.failoverds.autoconfigure;

import java.util.List;

import com.zaxxer.hikari.HikariConfig;

import io.github.failoverds.routing.FailoverDataSource;
import io.github.failoverds.routing.FailoverDataSourceBuilder;
import io.github.failoverds.routing.FailoverListener;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * Turns {@link FailoverDataSourceProperties} into a started {@link FailoverDataSource}. Each node's
 * HikariCP configuration is layered: the shared {@code failover.datasource.hikari.*} first, then the
 * node's own {@code hikari.*}, so a node-level setting wins; then the node's url and credentials.
 */
class FailoverDataSourceFactory {

	private final Binder binder;

	private final List<NodePoolCustomizer> customizers;

	private final List<FailoverListener> listeners;

	FailoverDataSourceFactory(Binder binder, List<NodePoolCustomizer> customizers, List<FailoverListener> listeners) {
		this.binder = binder;
		this.customizers = customizers;
		this.listeners = listeners;
	}

	FailoverDataSource create(FailoverDataSourceProperties properties) {
		FailoverDataSourceBuilder builder = FailoverDataSource.builder()
			.connectionTimeout(properties.getConnectionTimeout())
			.health(properties.getHealth().getInterval(), properties.getHealth().getTimeout(),
					properties.getHealth().getFailureThreshold(), properties.getHealth().getRecoveryThreshold(),
					properties.getHealth().getHistorySize())
			.failback(properties.getFailback().isEnabled(), properties.getFailback().getDelay())
			.roleCheck(properties.getRoleCheck())
			.requireNode(properties.getStartup().isRequireNode());
		List<FailoverDataSourceProperties.Node> nodes = properties.getNodes();
		for (int i = 0; i < nodes.size(); i++) {
			FailoverDataSourceProperties.Node node = nodes.get(i);
			String name = (node.getName() != null) ? node.getName() : FailoverDataSourceProperties.defaultNodeName(i);
			HikariConfig config = poolConfig(i, node);
			for (NodePoolCustomizer customizer : this.customizers) {
				customizer.customize(name, config);
			}
			builder.node(name, config);
		}
		this.listeners.forEach(builder::listener);
		return builder.build();
	}

	private HikariConfig poolConfig(int index, FailoverDataSourceProperties.Node node) {
		HikariConfig config = new HikariConfig();
		this.binder.bind(FailoverDataSourceProperties.PREFIX + ".hikari", Bindable.ofInstance(config));
		this.binder.bind(FailoverDataSourceProperties.PREFIX + ".nodes[" + index + "].hikari",
				Bindable.ofInstance(config));
		config.setJdbcUrl(node.getUrl());
		if (node.getUsername() != null) {
			config.setUsername(node.getUsername());
		}
		if (node.getPassword() != null) {
			config.setPassword(node.getPassword());
		}
		return config;
	}

}
