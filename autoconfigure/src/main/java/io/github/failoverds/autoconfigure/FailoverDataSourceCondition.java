package io.github.failoverds.autoconfigure;

import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.context.annotation.Conditional;

/**
 * Matches when the failover DataSource is wanted: neither Spring Boot's embedded database (see
 * {@link EmbeddedDatabaseFallbackCondition}) nor a test database (see {@link TestDatabaseCondition}) takes
 * its place. With no node configured and no embedded database, it matches, and the failure analysis says
 * how to configure a node.
 */
class FailoverDataSourceCondition extends NoneNestedConditions {

	FailoverDataSourceCondition() {
		super(ConfigurationPhase.REGISTER_BEAN);
	}

	@Conditional(EmbeddedDatabaseFallbackCondition.class)
	static class EmbeddedDatabase {

	}

	@Conditional(TestDatabaseCondition.class)
	static class TestDatabase {

	}

}
