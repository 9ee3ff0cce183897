package io.github.failoverds.sample.schema;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.failoverds.autoconfigure.event.DatabaseNodeUpEvent;
import io.github.failoverds.routing.DatabaseNode;
import io.github.failoverds.routing.FailoverDataSource;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Migrates the schema ({@code classpath:db/migration}) with Flyway on every database node at startup,
 * through each node's own pool, so that whichever node becomes active has the tables. Spring Boot's
 * Flyway integration would migrate only the active node.
 * <p>
 * A node that cannot take writes now (DOWN, or a read-only replica, which gets the schema from its
 * primary by replication) is skipped with a log line, as is a node whose migration fails; the
 * application starts all the same. A node that comes UP later is migrated then, on a thread of this
 * class's own (the event arrives on the starter's probe thread, which must not wait for Flyway): a
 * replica restarted as a replica is skipped again, a promoted replica that restarts has the schema
 * already (Flyway finds nothing to do), and an old primary that comes back writable beside the promoted
 * one (a split brain, which the starter keeps off writes) is skipped too: nothing is written to it.
 */
@Component
class NodeSchemaMigrations implements InitializingBean, DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(NodeSchemaMigrations.class);

	private final FailoverDataSource dataSource;

	NodeSchemaMigrations(FailoverDataSource dataSource) {
		this.dataSource = dataSource;
	}

	private final ExecutorService laterMigrations = Executors.newSingleThreadExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "node-schema-migrations");
		thread.setDaemon(true);
		return thread;
	});

	@Override
	public void afterPropertiesSet() {
		this.dataSource.getNodes().forEach(this::migrate);
	}

	@EventListener
	void onNodeUp(DatabaseNodeUpEvent event) {
		this.laterMigrations.execute(() -> migrate(event.getNode()));
	}

	@Override
	public void destroy() {
		this.laterMigrations.shutdownNow();
	}

	private void migrate(DatabaseNode node) {
		if (!node.isWritable()) {
			if (node.health().isUp()) {
				logger.info("Schema migration skipped on node '{}': it is UP with role {} (a replica gets the schema "
						+ "from its primary)", node.name(), node.health().role());
			}
			else {
				logger.warn("Schema migration skipped on node '{}': it is {} with role {}", node.name(),
						node.health().status(), node.health().role());
			}
			return;
		}
		// the policy finds a split brain right after it announces the node UP, under a lock that this call
		// waits for: a node found UP and writable beside the active one is already listed here
		if (this.dataSource.getPolicy().splitBrainNodes().contains(node.name())) {
			logger.warn("Schema migration skipped on node '{}': it is kept off writes after a split brain",
					node.name());
			return;
		}
		try {
			MigrateResult result = Flyway.configure().dataSource(node.pool()).load().migrate();
			// Flyway reports no target version when nothing was left to apply
			String version = (result.targetSchemaVersion != null) ? result.targetSchemaVersion
					: result.initialSchemaVersion;
			logger.info("Schema of node '{}' at version {} ({} migrations applied)", node.name(), version,
					result.migrationsExecuted);
		}
		catch (FlywayException ex) {
			logger.warn("Schema migration skipped on node '{}': {}", node.name(), node.masker().describe(ex));
		}
	}

}
