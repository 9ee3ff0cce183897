package io.github.failoverds.autoconfigure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;
import org.springframework.core.env.Environment;

/**
 * Says once, at startup, that the failover DataSource stepped aside for Spring Boot's embedded database and
 * what would enable it. In an application processed ahead of time the decision was taken at build time: a
 * node configured only at run time is then reported as ignored.
 */
final class EmbeddedDatabaseNotice {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedDatabaseNotice.class);

	EmbeddedDatabaseNotice(Environment environment, ClassLoader classLoader) {
		String database = String.valueOf(EmbeddedDatabaseConnection.get(classLoader).getType());
		String nodeSetting = NoNodeConfiguredCondition.findNodeSetting(environment);
		if (nodeSetting == null) {
			logger.info("No database node is configured and an embedded database ({}) is on the class path: the "
					+ "failover DataSource steps aside for Spring Boot's embedded DataSource. Configure "
					+ "failover.datasource.nodes, spring.datasource.url or DATABASE_URL to use it.", database);
		}
		else {
			logger.warn("{} configures a database node, but this application was processed ahead of time without "
					+ "one: it uses Spring Boot's embedded {} DataSource. Configure the nodes when the application "
					+ "is built (spring-boot:process-aot), or remove the embedded database from the class path.",
					nodeSetting, database);
		}
	}

}
