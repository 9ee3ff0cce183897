package io.github.failoverds.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.Comparator;
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
		String wanted = withoutDashes(unknown);
		return NAMES.stream()
			.filter((name) -> isClose(wanted, withoutDashes(name)))
			.min(Comparator.comparingInt((name) -> distance(wanted, withoutDashes(name))));
	}

	private static boolean isClose(String wanted, String name) {
		return distance(wanted, name) <= Math.max(2, Math.max(wanted.length(), name.length()) * 2 / 5);
	}

	private static String withoutDashes(String name) {
		return name.replace("-", "").toLowerCase(Locale.ROOT);
	}

	private static String kebabCase(String camelCase) {
		return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

	/** Levenshtein distance: single-character insertions, deletions and substitutions. */
	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

}
