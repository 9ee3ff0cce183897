package io.github.failoverds.autoconfigure;

import org.springframework.boot.autoconfigure.condition.AllNestedConditions;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Conditional;

/**
 * Matches when the starter steps aside for Spring Boot's embedded database: no database node is configured
 * in the environment, an embedded database is on the class path (see {@link EmbeddedDatabaseCondition}),
 * and no {@link JdbcConnectionDetails} bean (Testcontainers {@code @ServiceConnection}, Docker Compose)
 * names a database either.
 */
class EmbeddedDatabaseFallbackCondition extends AllNestedConditions {

	EmbeddedDatabaseFallbackCondition() {
		super(ConfigurationPhase.REGISTER_BEAN);
	}

	@Conditional(EmbeddedDatabaseCondition.class)
	static class NoNodeAndEmbeddedDatabase {

	}

	@ConditionalOnMissingBean(JdbcConnectionDetails.class)
	static class NoConnectionDetails {

	}

}
