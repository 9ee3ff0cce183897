package io.github.failoverds.sample.schema;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.failoverds.routing.DatabaseNode;
import io.github.failoverds.routing.FailoverDataSource;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Migrates the schema ({@code classpath:db/migration}) with Flyway on every database node at startup,
 * through each node's own pool, so that whichever node becomes active has the tables. Spring Boot's
 * Flyway integration would migrate only the active node.
 * <p>
 * A node that cannot take writes now (DOWN, or a read-only replica, which gets the schema from its
 * primary by replication) is skipped with a log line, as is a node whose migration fails; the
 * application starts all the same.
 */
@Component
class NodeSchemaMigrations implements InitializingBean {

	private static final Logger logger = LoggerFactory.getLogger(NodeSchemaMigrations.class);

	private final FailoverDataSource dataSource;

	NodeSchemaMigrations(FailoverDataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public void afterPropertiesSet() {
		this.dataSource.getNodes().forEach(this::migrate);
	}

	private void migrate(DatabaseNode node) {
		if (!node.isWritable()) {
			logger.warn("Schema migration skipped on node '{}': it is {} with role {}", node.name(),
					node.health().status(), node.health().role());
			return;
		}
		try {
			MigrateResult result = Flyway.configure().dataSource(node.pool()).load().migrate();
			logger.info("Schema of node '{}' at version {} ({} migrations applied)", node.name(),
					result.targetSchemaVersion, result.migrationsExecuted);
		}
		catch (FlywayException ex) {
			logger.warn("Schema migration skipped on node '{}': {}", node.name(), node.masker().describe(ex));
		}
	}

}
