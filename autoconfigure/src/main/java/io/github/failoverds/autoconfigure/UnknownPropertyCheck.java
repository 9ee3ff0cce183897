package io.github.failoverds.autoconfigure;

import java.util.HashSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;

/**
 * Finds the names under {@code failover.datasource} that bind to nothing, in every property source
 * (configuration files, environment variables, the command line, ...): a misspelt name, reported with
 * the closest known one, or a name below a single value, such as {@code failover.datasource.enabled.x}.
 * With {@code failover.datasource.strict-keys} on (the default) each is a {@link ConfigurationProblem};
 * otherwise each is logged once as a warning. Values are never shown: a misspelt password key would
 * show its password.
 */
final class UnknownPropertyCheck {

	private static final String STRICT_KEYS = FailoverDataSourceProperties.PREFIX + ".strict-keys";

	private static final Logger logger = LoggerFactory.getLogger(UnknownPropertyCheck.class);

	private final KnownPropertyNames known = KnownPropertyNames.FAILOVER;

	/**
	 * Check every name under {@code failover.datasource}; a name set in several sources is reported once,
	 * with the origin of the one that wins.
	 * @param sources the property sources, in precedence order
	 * @param strict whether a name that binds to nothing is a problem (else a warning)
	 * @param problems where to record problems
	 */
	void check(Iterable<ConfigurationPropertySource> sources, boolean strict, ConfigurationProblems problems) {
		Set<ConfigurationPropertyName> seen = new HashSet<>();
		for (ConfigurationPropertySource source : sources) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				iterable.stream()
					.filter(this.known::isBelowPrefix)
					.sorted()
					.filter(seen::add)
					.forEach((name) -> this.known.mismatch(name)
						.ifPresent((mismatch) -> report(iterable.getConfigurationProperty(name), mismatch, strict,
								problems)));
			}
		}
	}

	private static void report(ConfigurationProperty configured, KnownPropertyNames.Mismatch mismatch, boolean strict,
			ConfigurationProblems problems) {
		Origin origin = (configured != null) ? configured.getOrigin() : null;
		if (strict) {
			problems.add(mismatch.name(), null, origin, mismatch.reason(), mismatch.action() + " (" + STRICT_KEYS
					+ "=false turns names that bind to nothing into warnings.)");
		}
		else {
			logger.warn("Ignoring {}{}: {} {}", mismatch.name(), (origin != null) ? " (" + origin + ")" : "",
					mismatch.reason(), mismatch.action());
		}
	}

}
