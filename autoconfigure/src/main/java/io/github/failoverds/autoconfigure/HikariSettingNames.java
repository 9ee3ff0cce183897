package io.github.failoverds.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariConfig;

import org.springframework.beans.BeanUtils;

/**
 * The names of HikariCP's settings in kebab-case, as they are written under {@code hikari.*}, and the
 * closest one to a misspelt name.
 */
final class HikariSettingNames {

	private static final List<String> NAMES = Stream.of(BeanUtils.getPropertyDescriptors(HikariConfig.class))
		.filter((descriptor) -> descriptor.getWriteMethod() != null)
		.map(PropertyDescriptor::getName)
		.map(HikariSettingNames::kebabCase)
		.sorted()
		.toList();

	private HikariSettingNames() {
	}

	/**
	 * The setting whose name is closest to a name that HikariCP does not know, if any is close enough
	 * to be what was meant.
	 * @param unknown the unknown name, e.g. {@code max-pool-size}
	 * @return the closest setting, e.g. {@code maximum-pool-size}
	 */
	static Optional<String> closestTo(String unknown) {
		return ClosestName.closestTo(unknown, NAMES);
	}

	private static String kebabCase(String camelCase) {
		return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

}
