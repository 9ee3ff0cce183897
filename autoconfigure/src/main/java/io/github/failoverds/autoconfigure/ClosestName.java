package io.github.failoverds.autoconfigure;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the known name closest to a misspelt one, for the "did you mean ...?" of a failure analysis.
 * Names are compared without dashes and case, as Spring Boot's relaxed binding compares them.
 */
final class ClosestName {

	private ClosestName() {
	}

	/**
	 * The candidate whose name is closest to an unknown name, if any is close enough to be what was
	 * meant.
	 * @param unknown the unknown name, e.g. {@code max-pool-size}
	 * @param candidates the known names
	 * @return the closest candidate, e.g. {@code maximum-pool-size}
	 */
	static Optional<String> closestTo(String unknown, Collection<String> candidates) {
		String wanted = comparable(unknown);
		return candidates.stream()
			.filter((candidate) -> isClose(wanted, comparable(candidate)))
			.min(Comparator.comparingInt((candidate) -> distance(wanted, comparable(candidate))));
	}

	private static boolean isClose(String wanted, String name) {
		return distance(wanted, name) <= Math.max(2, Math.max(wanted.length(), name.length()) * 2 / 5);
	}

	private static String comparable(String name) {
		return name.replace("-", "").toLowerCase(Locale.ROOT);
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
