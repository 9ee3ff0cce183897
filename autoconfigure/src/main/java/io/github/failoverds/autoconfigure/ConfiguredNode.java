package io.github.failoverds.autoconfigure;

import java.util.List;

/**
 * One database node as the configuration defines it, whichever way it was configured.
 *
 * @param name the node's name
 * @param nameProperty the property that sets (or would set) the name, {@code null} when the name cannot
 * be configured (shortcut configuration)
 * @param url the node's JDBC URL, {@code null} when it is missing or malformed
 * @param urlProperty the property, environment variable or bean that gives the URL, for messages
 * @param username the login user, or {@code null}
 * @param password the login password, or {@code null}
 * @param poolSettings the layers of HikariCP settings of the node's pool, in the order they apply
 */
record ConfiguredNode(String name, String nameProperty, String url, String urlProperty, String username,
		String password, List<PoolSettings> poolSettings) {

	@Override
	public String toString() {
		return "ConfiguredNode[" + this.name + " from " + this.urlProperty + "]";
	}

}
