package io.github.failoverds.autoconfigure;

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
 * Matches when the environment configures no database node in any property or environment variable the
 * starter reads: {@code failover.datasource.nodes}, {@code spring.datasource.url},
 * {@code failover.datasource.failover-urls} (in any property source, {@code FAILOVER_DATASOURCE_NODES_0_URL}
 * included), and the environment variables {@code DATABASE_URL} and {@code DATABASE_FAILOVER_URLS}. A
 * {@code JdbcConnectionDetails} bean, the remaining way to configure a node, is for a bean condition beside
 * this one. The embedded-database back-off builds on it ({@link EmbeddedDatabaseCondition}); an application
 * may use it with {@code @Conditional} for what it starts only without a configured database (the sample's
 * demo databases do).
 */
public class NoNodeConfiguredCondition extends SpringBootCondition {

	private static final List<String> PROPERTIES = List.of(FailoverDataSourceProperties.PREFIX + ".nodes",
			"spring.datasource.url", FailoverDataSourceProperties.PREFIX + ".failover-urls");

	private static final List<String> VARIABLES = List.of("DATABASE_URL", "DATABASE_FAILOVER_URLS");

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("No database node configured");
		String nodeSetting = findNodeSetting(context.getEnvironment());
		if (nodeSetting != null) {
			return ConditionOutcome.noMatch(message.found("database node setting").items(nodeSetting));
		}
		return ConditionOutcome.match(message.didNotFind("database node setting").atAll());
	}

	/**
	 * The first property or environment variable that configures a database node.
	 * @param environment the environment
	 * @return its name, or {@code null} when no node is configured in the environment
	 */
	static String findNodeSetting(Environment environment) {
		for (String property : PROPERTIES) {
			if (isSet(environment, ConfigurationPropertyName.of(property))) {
				return property;
			}
		}
		for (String variable : VARIABLES) {
			if (environment.containsProperty(variable)) {
				return variable;
			}
		}
		return null;
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
