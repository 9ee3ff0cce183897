package io.github.failoverds.autoconfigure;

import com.zaxxer.hikari.HikariConfig;

/**
 * Callback to adjust a node's HikariCP configuration after the properties are applied and before the
 * node's pool starts. Declare beans of this type to customise every node's pool.
 */
@FunctionalInterface
public interface NodePoolCustomizer {

	/**
	 * Customise one node's pool configuration.
	 * @param nodeName the node name (also the pool name)
	 * @param config the configuration, with the properties already applied
	 */
	void customize(String nodeName, HikariConfig config);

}
