package io.github.failoverds.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.origin.Origin;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.convert.ConversionFailedException;

/**
 * Collects every problem found while the configuration is read and checked, so that startup fails once
 * with all of them. A problem found for several nodes (a shared setting) is kept once.
 */
final class ConfigurationProblems {

	private final Iterable<ConfigurationPropertySource> sources;

	private final Set<ConfigurationProblem> problems = new LinkedHashSet<>();

	/**
	 * Create an empty collection.
	 * @param sources where to look up the origin of a property
	 */
	ConfigurationProblems(Iterable<ConfigurationPropertySource> sources) {
		this.sources = sources;
	}

	/**
	 * Record a problem. When the property is set in the environment, the value shown is the one written
	 * there (such as {@code 0s}, not {@code PT0S}) and its origin is shown too.
	 * @param property the property or environment variable at fault
	 * @param value its value, or {@code null} to show none
	 * @param reason why the configuration is wrong
	 * @param action how to fix it
	 */
	void add(String property, Object value, String reason, String action) {
		ConfigurationProperty configured = find(property);
		if (configured != null) {
			add(property, configured.getValue(), configured.getOrigin(), reason, action);
		}
		else {
			add(property, value, null, reason, action);
		}
	}

	/**
	 * Record a problem whose origin is known.
	 * @param property the property or environment variable at fault
	 * @param value its value, or {@code null} to show none
	 * @param origin where it was set, or {@code null}
	 * @param reason why the configuration is wrong
	 * @param action how to fix it
	 */
	void add(String property, Object value, Origin origin, String reason, String action) {
		String shownValue = ConfigurationProblem.shownValue(property, value);
		this.problems.add(new ConfigurationProblem(property, shownValue, (origin != null) ? origin.toString() : null,
				withoutRawValue(reason, value, shownValue), action));
	}

	/**
	 * Record a value that could not be bound: names that bind to nothing (Spring Boot rejects them in a
	 * list element, such as {@code failover.datasource.nodes[2].ulr}), a single value where a group of
	 * settings is expected (such as {@code failover.datasource.health=true}), a value that is not of the
	 * property's type, or one that the target (such as HikariCP's configuration) rejects.
	 * @param failure the failure
	 */
	void add(BindException failure) {
		if (failure.getCause() instanceof UnboundConfigurationPropertiesException unbound && addUnknown(unbound)) {
			return;
		}
		ConfigurationProperty property = failure.getProperty();
		List<String> settings = KnownPropertyNames.FAILOVER.settingsBelow(failure.getName());
		if (!settings.isEmpty() && (property == null || property.getName().equals(failure.getName()))) {
			addValueOfAGroup(failure.getName().toString(), settings);
			return;
		}
		String name = (property != null) ? property.getName().toString() : failure.getName().toString();
		Class<?> type = failure.getTarget().getType().resolve(Object.class);
		boolean unconvertible = failure.getCause() instanceof ConversionFailedException;
		String reason = unconvertible
				? "The value cannot be converted to " + type.getSimpleName() + ": "
						+ NestedExceptionUtils.getMostSpecificCause(failure).getMessage()
				: (name.contains(".hikari.") ? "HikariCP rejects the value: " : "The value is rejected: ")
						+ rejection(failure);
		String expected = unconvertible ? ValueExpectations.forType(name, type)
				: ValueExpectations.forRejectedValue(name);
		add(name, (property != null) ? property.getValue() : null, (property != null) ? property.getOrigin() : null,
				reason, "Set " + name + " to " + expected + ".");
	}

	/**
	 * Whether a property is set as one value and, in the same or another source, has properties below it
	 * too (such as a shorthand {@code a.b=true} beside {@code a.b.c=1}), where the binder takes the value
	 * and ignores the others.
	 * @param property the property
	 * @return {@code true} when both forms are set
	 */
	boolean isSetInBothForms(String property) {
		ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
		return find(property) != null && StreamSupport.stream(this.sources.spliterator(), false)
			.anyMatch((source) -> source.containsDescendantOf(name) == ConfigurationPropertyState.PRESENT);
	}

	/** Record each unbound name that is not a property; whether that explains them all. */
	private boolean addUnknown(UnboundConfigurationPropertiesException unbound) {
		boolean allUnknown = true;
		for (ConfigurationProperty property : unbound.getUnboundProperties()) {
			Optional<KnownPropertyNames.Mismatch> mismatch = KnownPropertyNames.FAILOVER.mismatch(property.getName());
			mismatch.ifPresent((unknown) -> add(unknown.name(), null, property.getOrigin(), unknown.reason(),
					unknown.action()));
			allUnknown &= mismatch.isPresent();
		}
		return allUnknown;
	}

	/** A single value was given to a name that takes settings below it. */
	private void addValueOfAGroup(String name, List<String> settings) {
		List<String> examples = settings.stream()
			.limit(3)
			.map((setting) -> setting.substring(name.length() + 1))
			.toList();
		add(name, null, "It is a group of settings (" + String.join(", ", examples)
				+ ((settings.size() > examples.size()) ? ", ..." : "") + "), not a single value.",
				"Set the settings below " + name + ", such as " + settings.get(0) + ", or remove " + name + ".");
	}

	List<ConfigurationProblem> asList() {
		return new ArrayList<>(this.problems);
	}

	/**
	 * Stop startup when any problem was recorded.
	 * @throws InvalidFailoverPropertyException listing every problem
	 */
	void throwIfAny() {
		if (!this.problems.isEmpty()) {
			throw new InvalidFailoverPropertyException(asList());
		}
	}

	/**
	 * Why the target rejected a value: the first message below the binder's own wrapper (and the
	 * reflection exception around a setter's exception).
	 */
	private static String rejection(BindException failure) {
		Throwable wrapper = failure.getCause();
		Throwable candidate = wrapper.getCause();
		while (candidate != null && candidate.getMessage() == null) {
			candidate = candidate.getCause();
		}
		return ((candidate != null) ? candidate : wrapper).getMessage();
	}

	/** A reason may quote the value: quote it as it may be shown. */
	private static String withoutRawValue(String reason, Object value, String shownValue) {
		String raw = (value != null) ? String.valueOf(value) : "";
		if (raw.isEmpty() || raw.equals(shownValue)) {
			return reason;
		}
		return reason.replace(raw, (shownValue != null) ? shownValue : "****");
	}

	private ConfigurationProperty find(String property) {
		if (!ConfigurationPropertyName.isValid(property)) {
			return null;
		}
		ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
		for (ConfigurationPropertySource source : this.sources) {
			ConfigurationProperty candidate = source.getConfigurationProperty(name);
			if (candidate != null) {
				return candidate;
			}
		}
		return null;
	}

}
