package io.github.failoverds.autoconfigure;

import com.zaxxer.hikari.HikariConfig;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;

/**
 * HikariCP settings bound from the properties under a prefix, such as
 * {@code failover.datasource.hikari}. A name under the prefix that is not a HikariCP setting is a
 * problem, not silently ignored.
 */
final class BoundPoolSettings implements PoolSettings {

	private final Binder binder;

	private final String prefix;

	BoundPoolSettings(Binder binder, String prefix) {
		this.binder = binder;
		this.prefix = prefix;
	}

	@Override
	public void applyTo(HikariConfig config, ConfigurationProblems problems) {
		try {
			this.binder.bind(this.prefix, Bindable.ofInstance(config), new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
		}
		catch (BindException ex) {
			if (ex.getCause() instanceof UnboundConfigurationPropertiesException unbound) {
				unbound.getUnboundProperties().forEach((property) -> addUnknownSetting(property, problems));
			}
			else {
				problems.add(ex);
			}
		}
	}

	@Override
	public String propertySetting(String setting) {
		String property = this.prefix + "." + setting;
		return this.binder.bind(property, String.class).isBound() ? property : null;
	}

	private void addUnknownSetting(ConfigurationProperty property, ConfigurationProblems problems) {
		String name = property.getName().toString();
		int settingIndex = ConfigurationPropertyName.of(this.prefix).getNumberOfElements();
		String setting = property.getName().getElement(settingIndex, Form.DASHED);
		String suggestion = HikariSettingNames.closestTo(setting)
			.map((closest) -> "Did you mean " + this.prefix + "." + closest + "? ")
			.orElse("");
		problems.add(name, property.getValue(), property.getOrigin(),
				"HikariCP has no setting named '" + setting + "'.",
				suggestion + "Remove " + name + " or correct its name: the settings under " + this.prefix
						+ ".* are HikariCP's configuration properties in kebab-case, such as maximum-pool-size.");
	}

}
