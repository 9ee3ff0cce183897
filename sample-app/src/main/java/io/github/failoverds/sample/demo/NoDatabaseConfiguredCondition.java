package io.github.failoverds.sample.demo;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the environment configures no database node in any of the ways the failover starter
 * reads: {@code failover.datasource.nodes}, {@code spring.datasource.url},
 * {@code failover.datasource.failover-urls} (in any property source, environment variables such as
 * {@code FAILOVER_DATASOURCE_NODES_0_URL} included), or the environment variables
 * {@code DATABASE_URL} and {@code DATABASE_FAILOVER_URLS}. (A {@code JdbcConnectionDetails} bean is
 * the remaining way; the auto-configuration checks for it.)
 */
class NoDatabaseConfiguredCondition extends SpringBootCondition {

	private static final List<String> PROPERTIES = List.of("failover.datasource.nodes", "spring.datasource.url",
			"failover.datasource.failover-urls");

	private static final List<String> VARIABLES = List.of("DATABASE_URL", "DATABASE_FAILOVER_URLS");

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("Demo databases");
		Environment environment = context.getEnvironment();
		for (String property : PROPERTIES) {
			if (isSet(environment, ConfigurationPropertyName.of(property))) {
				return ConditionOutcome.noMatch(message.found("database configuration").items(property));
			}
		}
		for (String variable : VARIABLES) {
			if (environment.containsProperty(variable)) {
				return ConditionOutcome.noMatch(message.found("database configuration").items(variable));
			}
		}
		return ConditionOutcome.match(message.didNotFind("database configuration").atAll());
	}

	private static boolean isSet(Environment environment, ConfigurationPropertyName name) {
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source.getConfigurationProperty(name) != null
					|| source.containsDescendantOf(name) == ConfigurationPropertyState.PRESENT) {
				return true;
			}
		}
		return false;
	}

}
