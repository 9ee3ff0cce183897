package io.github.failoverds.routing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.github.failoverds.support.SecretMasker;
import io.github.failoverds.health.NodeHealth;

/**
 * Nodes for unit tests of the policy: a lazy pool over an in-memory H2 database, never opened unless
 * a test borrows from it, and a health whose state the test drives.
 */
public final class TestNodes {

	private TestNodes() {
	}

	/**
	 * A node over an in-memory H2 database.
	 * @param name node and pool name
	 * @param priority position in the node list
	 * @param health the node's health
	 * @return the node; close its pool after the test
	 */
	public static DatabaseNode h2(String name, int priority, NodeHealth health) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl("jdbc:h2:mem:" + name);
		config.setPoolName(name);
		config.setMinimumIdle(0);
		config.setInitializationFailTimeout(-1);
		return new DatabaseNode(name, priority, new HikariDataSource(config), health, new SecretMasker());
	}

}
