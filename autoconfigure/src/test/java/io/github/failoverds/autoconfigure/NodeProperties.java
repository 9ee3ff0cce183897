package io.github.failoverds.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.failoverds.testsupport.EmbeddedPostgresNode;

/**
 * The {@code failover.datasource.nodes[i].*} properties (name, url, username) of test servers, in priority
 * order, for an {@code ApplicationContextRunner}.
 */
final class NodeProperties {

	private NodeProperties() {
	}

	/**
	 * The properties of the nodes.
	 * @param servers the servers, the first is the preferred primary
	 * @return the properties, as {@code name=value}
	 */
	static List<String> of(List<EmbeddedPostgresNode> servers) {
		List<String> properties = new ArrayList<>();
		for (int i = 0; i < servers.size(); i++) {
			properties.add("failover.datasource.nodes[" + i + "].name=" + servers.get(i).name());
			properties.add("failover.datasource.nodes[" + i + "].url=" + servers.get(i).jdbcUrl());
			properties.add("failover.datasource.nodes[" + i + "].username=" + servers.get(i).username());
		}
		return properties;
	}

}
