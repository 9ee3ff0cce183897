package io.github.failoverds.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;

/**
 * Matches when Spring Boot would give the application an embedded database: no database node is configured
 * in any property or environment variable the starter reads (see {@link NoNodeConfiguredCondition}), and an
 * embedded database (H2, HSQLDB, Derby) is on the class path, as
 * {@link EmbeddedDatabaseConnection#get(ClassLoader)} decides for Spring Boot's own DataSource. A
 * {@code JdbcConnectionDetails} bean, the remaining way to configure a node, is a bean condition beside
 * this one (see {@link EmbeddedDatabaseFallbackCondition}).
 */
class EmbeddedDatabaseCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("Embedded database instead of failover nodes");
		String nodeSetting = NoNodeConfiguredCondition.findNodeSetting(context.getEnvironment());
		if (nodeSetting != null) {
			return ConditionOutcome.noMatch(message.found("database node setting").items(nodeSetting));
		}
		EmbeddedDatabaseType type = EmbeddedDatabaseConnection.get(context.getClassLoader()).getType();
		if (type == null) {
			return ConditionOutcome.noMatch(message.didNotFind("embedded database").atAll());
		}
		return ConditionOutcome
			.match(message.didNotFind("database node setting").atAll().append("and found embedded database " + type));
	}

}
