package io.github.failoverds.autoconfigure;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when a test replaces the application's DataSource with an embedded database:
 * {@code @AutoConfigureTestDatabase} (also implied by {@code @JdbcTest} and {@code @DataJpaTest}) is in effect
 * with a {@code replace} other than {@code NONE}. The failover DataSource would be replaced anyway, after the
 * beans that depend on it were defined; stepping aside leaves the replacement to Spring Boot alone.
 */
class TestDatabaseCondition extends SpringBootCondition {

	/** Imported by {@code @AutoConfigureTestDatabase}; the failover auto-configuration is ordered after it. */
	static final String TEST_DATABASE_AUTO_CONFIGURATION = "org.springframework.boot.jdbc.test.autoconfigure.TestDatabaseAutoConfiguration";

	private static final String REPLACE_PROPERTY = "spring.test.database.replace";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("@AutoConfigureTestDatabase");
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		if (beanFactory == null || !beanFactory.containsBeanDefinition(TEST_DATABASE_AUTO_CONFIGURATION)) {
			return ConditionOutcome.noMatch(message.didNotFind("test database auto-configuration").atAll());
		}
		String replace = context.getEnvironment().getProperty(REPLACE_PROPERTY, "NON_TEST");
		if ("NONE".equalsIgnoreCase(replace)) {
			return ConditionOutcome.noMatch(message.because(REPLACE_PROPERTY + " is NONE"));
		}
		return ConditionOutcome.match(message.because("an embedded test database replaces the DataSource ("
				+ REPLACE_PROPERTY + "=" + replace + ")"));
	}

}
