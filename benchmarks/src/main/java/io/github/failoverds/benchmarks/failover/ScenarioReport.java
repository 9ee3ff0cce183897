package io.github.failoverds.benchmarks.failover;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.LongStream;

/**
 * Prints the scenarios' results: a table per scenario with every trial of every client, and a headline
 * table with the verdict on each target of SPEC.md.
 */
public final class ScenarioReport {

	private static final String ROW = "%-30s %6s %10s %11s %10s %10s %10s %9s %7s %5s%n";

	private final Map<Scenario, Map<Contender, List<TrialResult>>> results = new LinkedHashMap<>();

	private final PrintStream out;

	/**
	 * A report that prints to a stream.
	 * @param out where to
	 */
	public ScenarioReport(PrintStream out) {
		this.out = out;
	}

	/**
	 * Record a scenario's results and print its table.
	 * @param scenario the scenario
	 * @param trials every trial of every client, in trial order
	 */
	public void scenario(Scenario scenario, Map<Contender, List<TrialResult>> trials) {
		this.results.put(scenario, trials);
		int count = trials.values().iterator().next().size();
		this.out.printf(Locale.ROOT, "%n== %s: %s%n   %d trial(s); the load is watched for %d s after the fault; "
				+ "expected to serve from: %s%n%n", scenario.id(), scenario.description(), count,
				scenario.window().toSeconds(), scenario.expectedNode());
		this.out.printf(Locale.ROOT, ROW, "client", "trial", "detected", "1st commit", "stall p50", "stall p99",
				"stall max", "requests", "failed", "lost");
		trials.forEach((contender, results) -> {
			for (int i = 0; i < results.size(); i++) {
				row(contender, contender.hasDetector(), String.valueOf(i + 1), results.get(i));
			}
			summary(contender, "median", results, ScenarioReport::median);
			summary(contender, "worst", results, (values) -> values.max().orElse(0));
		});
		this.out.flush();
	}

	/**
	 * Print the headline figures of every scenario recorded so far, with the verdicts.
	 */
	public void headline() {
		this.out.printf(Locale.ROOT, "%n== Headline (first commit after the fault: median / worst over the trials)%n%n");
		this.out.printf(Locale.ROOT, "%-10s %-30s %22s %8s %6s  %s%n", "scenario", "client", "1st commit med / worst",
				"failed", "lost", "SPEC.md target");
		this.results.forEach((scenario, trials) -> trials.forEach((contender, results) -> {
			OptionalLong[] firstCommits = results.stream().map(TrialResult::firstCommit).toArray(OptionalLong[]::new);
			long failed = results.stream().mapToLong(TrialResult::failed).sum();
			long lost = results.stream().mapToLong(TrialResult::lost).sum();
			this.out.printf(Locale.ROOT, "%-10s %-30s %22s %8d %6d  %s%n", scenario.id(), contender.label(),
					seconds(medianOf(firstCommits)) + " / " + seconds(worstOf(firstCommits)), failed, lost,
					(contender == Contender.FAILOVER_DATASOURCE) ? verdict(scenario, firstCommits, failed, lost) : "");
		}));
		this.out.flush();
	}

	private void row(Contender contender, boolean detects, String trial, TrialResult result) {
		this.out.printf(Locale.ROOT, ROW, contender.label(), trial,
				detects ? seconds(result.detection()) : "n/a", seconds(result.firstCommit()),
				millis(result.stallPercentile(50)), millis(result.stallPercentile(99)),
				millis(result.stallPercentile(100)), result.stalls().length, result.failed(), result.lost());
	}

	private void summary(Contender contender, String label, List<TrialResult> results,
			Function<LongStream, Long> aggregate) {
		Function<Function<TrialResult, OptionalLong>, OptionalLong> optional = (figure) -> {
			long[] values = results.stream().map(figure).filter(OptionalLong::isPresent)
				.mapToLong(OptionalLong::getAsLong).toArray();
			return (values.length == results.size()) ? OptionalLong.of(aggregate.apply(Arrays.stream(values)))
					: OptionalLong.empty();
		};
		Function<ToLongFunction<TrialResult>, Long> always = (figure) -> aggregate
			.apply(results.stream().mapToLong(figure));
		this.out.printf(Locale.ROOT, ROW, contender.label(), label,
				contender.hasDetector() ? seconds(optional.apply(TrialResult::detection)) : "n/a",
				seconds(optional.apply(TrialResult::firstCommit)),
				millis(always.apply((result) -> result.stallPercentile(50))),
				millis(always.apply((result) -> result.stallPercentile(99))),
				millis(always.apply((result) -> result.stallPercentile(100))),
				always.apply((result) -> result.stalls().length), always.apply(TrialResult::failed),
				always.apply(TrialResult::lost));
	}

	private static String verdict(Scenario scenario, OptionalLong[] firstCommits, long failed, long lost) {
		StringBuilder verdict = new StringBuilder();
		switch (scenario) {
			case SIGKILL -> verdict.append(check("median <= 1 s", medianOf(firstCommits), Duration.ofSeconds(1)))
				.append(", ")
				.append(check("worst <= 2 s", worstOf(firstCommits), Duration.ofSeconds(2)))
				.append(", ");
			case BLACK_HOLE -> verdict.append(check("worst <= 3 s", worstOf(firstCommits), Duration.ofSeconds(3)))
				.append(", ");
			case FAILBACK -> verdict.append("0 failed: ").append((failed == 0) ? "met" : "MISSED").append(", ");
			default -> {
			}
		}
		return verdict.append("0 lost: ").append((lost == 0) ? "met" : "MISSED").toString();
	}

	private static String check(String target, OptionalLong value, Duration limit) {
		boolean met = value.isPresent() && value.getAsLong() <= limit.toNanos();
		return target + ": " + (met ? "met" : "MISSED");
	}

	/** The median, or empty if any trial had no value (the worst is then unbounded). */
	private static OptionalLong medianOf(OptionalLong[] values) {
		return Arrays.stream(values).allMatch(OptionalLong::isPresent)
				? OptionalLong.of(median(Arrays.stream(values).mapToLong(OptionalLong::getAsLong))) : OptionalLong.empty();
	}

	private static OptionalLong worstOf(OptionalLong[] values) {
		return Arrays.stream(values).allMatch(OptionalLong::isPresent)
				? Arrays.stream(values).mapToLong(OptionalLong::getAsLong).max() : OptionalLong.empty();
	}

	private static long median(LongStream values) {
		long[] sorted = values.sorted().toArray();
		return TrialResult.percentile(sorted, 50);
	}

	private static String seconds(OptionalLong nanos) {
		return nanos.isPresent() ? String.format(Locale.ROOT, "%.3f s", nanos.getAsLong() / 1e9) : "none";
	}

	private static String millis(long nanos) {
		return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
	}

}
