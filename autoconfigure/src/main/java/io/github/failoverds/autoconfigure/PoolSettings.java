package io.github.failoverds.autoconfigure;

import com.zaxxer.hikari.HikariConfig;

/**
 * One layer of HikariCP settings of a node's pool. A node's layers are applied in order onto one
 * {@link HikariConfig}, so that a later layer overrides an earlier one.
 */
interface PoolSettings {

	/**
	 * Apply this layer.
	 * @param config the node's pool configuration
	 * @param problems where to record settings that do not exist or values that are rejected
	 */
	void applyTo(HikariConfig config, ConfigurationProblems problems);

	/**
	 * The property (or environment variable) by which this layer sets a HikariCP setting.
	 * @param setting the setting in kebab-case, e.g. {@code maximum-pool-size}
	 * @return the property, or {@code null} when this layer does not set it
	 */
	String propertySetting(String setting);

}
