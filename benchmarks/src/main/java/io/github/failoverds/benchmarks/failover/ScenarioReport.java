package io.github.failoverds.benchmarks.failover;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * Prints the scenarios' results: a table per scenario with every trial of every client and the min, median and
 * max of each figure, and a headline table with the verdict on each target of SPEC.md.
 */
public final class ScenarioReport {

	/** The figures of a scenario that ends in a promotion, explained under its table. */
	private static final String PROMOTION_LEGEND = """
			   writable = fault -> the promoted node first commits a write of its own (fresh connection every 10 ms, apart from the clients)
			   after wr. = writable -> the client's first commit on the promoted node (negative: the client got there first)
			   in flight = requests under way while the server was killed (from its SIGSTOP until kill returned, every process dead);
			   for a switchover, requests under way when it was requested
			   failed = requests that failed, of which borrow = in getConnection(), read-only = refused by a read-only server (25006)
			""";

	private static final List<Column> COLUMNS = List.of(
			new Column("detected", 10, false, true, TrialResult::detection, ScenarioReport::seconds),
			new Column("writable", 10, true, false, TrialResult::writable, ScenarioReport::seconds),
			new Column("1st commit", 11, false, false, TrialResult::firstCommit, ScenarioReport::seconds),
			new Column("after wr.", 11, true, false, TrialResult::afterWritable, ScenarioReport::signedMillis),
			Column.of("stall p50", 10, false, (result) -> result.stallPercentile(50), ScenarioReport::millis),
			Column.of("stall p99", 10, false, (result) -> result.stallPercentile(99), ScenarioReport::millis),
			Column.of("stall max", 10, false, (result) -> result.stallPercentile(100), ScenarioReport::millis),
			Column.of("requests", 9, false, (result) -> result.stalls().length, String::valueOf),
			Column.of("in flight", 9, true, TrialResult::inFlight, String::valueOf),
			Column.of("failed", 7, false, TrialResult::failed, String::valueOf),
			Column.of("borrow", 7, true, TrialResult::failedBorrows, String::valueOf),
			Column.of("read-only", 9, true, TrialResult::readOnly, String::valueOf),
			Column.of("lost", 5, false, TrialResult::lost, String::valueOf));

	private static final String HEADLINE_ROW = "%-18s %-28s %22s %25s %22s %5s  %s%n";

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
				+ "expected to serve from: %s%n", scenario.id(), scenario.description(), count,
				scenario.window().toSeconds(), scenario.expectedNode());
		if (scenario.promotes()) {
			this.out.print(PROMOTION_LEGEND);
		}
		this.out.println();
		List<Column> columns = COLUMNS.stream().filter((column) -> scenario.promotes() || !column.promotionOnly()).toList();
		this.out.println(line("client", "trial", columns, Column::header));
		trials.forEach((contender, results) -> {
			for (int i = 0; i < results.size(); i++) {
				TrialResult result = results.get(i);
				this.out.println(line(contender.label(), String.valueOf(i + 1), columns,
						(column) -> column.show(contender, result)));
			}
			for (Aggregate aggregate : Aggregate.values()) {
				this.out.println(line(contender.label(), aggregate.label, columns,
						(column) -> column.show(contender, results, aggregate)));
			}
		});
		this.out.flush();
	}

	/**
	 * Print the headline figures of every scenario recorded so far, with the verdicts.
	 */
	public void headline() {
		this.out.printf(Locale.ROOT, "%n== Headline (median / max over the trials; failed: median / max per trial, and their sum)%n%n");
		this.out.printf(Locale.ROOT, HEADLINE_ROW, "scenario", "client", "1st commit med / max", "after wr. med / max",
				"failed med / max (sum)", "lost", "SPEC.md target");
		this.results.forEach((scenario, trials) -> trials.forEach((contender, results) -> {
			OptionalLong[] firstCommits = results.stream().map(TrialResult::firstCommit).toArray(OptionalLong[]::new);
			OptionalLong[] afterWritable = results.stream().map(TrialResult::afterWritable).toArray(OptionalLong[]::new);
			long[] failed = results.stream().mapToLong(TrialResult::failed).toArray();
			this.out.printf(Locale.ROOT, HEADLINE_ROW, scenario.id(), contender.label(),
					seconds(medianOf(firstCommits)) + " / " + seconds(maxOf(firstCommits)),
					scenario.promotes() ? signedMillis(medianOf(afterWritable)) + " / " + signedMillis(maxOf(afterWritable))
							: "n/a",
					median(Arrays.stream(failed)) + " / " + Arrays.stream(failed).max().orElse(0) + " ("
							+ Arrays.stream(failed).sum() + ")",
					sum(results, TrialResult::lost),
					contender.hasDetector() ? verdict(scenario, contender, trials) : "");
		}));
		this.out.flush();
	}

	private static String line(String client, String trial, List<Column> columns, Function<Column, String> cell) {
		return String.format(Locale.ROOT, "%-30s %6s", client, trial) + columns.stream()
			.map((column) -> String.format(Locale.ROOT, " %" + column.width() + "s", cell.apply(column)))
			.collect(Collectors.joining());
	}

	private static String verdict(Scenario scenario, Contender contender, Map<Contender, List<TrialResult>> trials) {
		List<TrialResult> results = trials.get(contender);
		OptionalLong[] firstCommits = results.stream().map(TrialResult::firstCommit).toArray(OptionalLong[]::new);
		List<String> checks = new ArrayList<>();
		switch (scenario) {
			case SIGKILL, SHUTDOWN -> {
				checks.add(check("median <= 1 s", medianOf(firstCommits), Duration.ofSeconds(1)));
				checks.add(check("worst <= 2 s", maxOf(firstCommits), Duration.ofSeconds(2)));
				List<TrialResult> baseline = trials.get(Contender.HIKARI_MULTI_HOST);
				OptionalLong[] baselineCommits = baseline.stream().map(TrialResult::firstCommit).toArray(OptionalLong[]::new);
				checks.add(check("median <= pgjdbc's", atMost(medianOf(firstCommits), medianOf(baselineCommits))));
				checks.add(check("worst <= pgjdbc's", atMost(maxOf(firstCommits), maxOf(baselineCommits))));
			}
			case BLACK_HOLE -> {
				checks.add(check("worst <= 3 s", maxOf(firstCommits), Duration.ofSeconds(3)));
				if (contender == Contender.FAILOVER_DATASOURCE_FAST) {
					checks.add(check("worst <= 0.6 s", maxOf(firstCommits), Duration.ofMillis(600)));
				}
			}
			case LATENCY, RESET -> checks.add(check("no node DOWN",
					results.stream().allMatch((result) -> result.detection().isEmpty())));
			case FAILBACK -> checks.add(check("0 failed", sum(results, TrialResult::failed) == 0));
			case CRASH_THEN_PROMOTE, PATRONI_CRASH -> {
				checks.add(check("failed <= in flight", results.stream().allMatch((result) -> result.failed() <= result.inFlight())));
				List<TrialResult> baseline = trials.get(Contender.HIKARI_MULTI_HOST);
				if (baseline != null) {
					checks.add(check("failed <= pgjdbc's",
							sum(results, TrialResult::failed) <= sum(baseline, TrialResult::failed)));
				}
				checks.add(check("after wr. <= 100 ms",
						maxOf(results.stream().map(TrialResult::afterWritable).toArray(OptionalLong[]::new)),
						Duration.ofMillis(100)));
			}
			case PATRONI_SWITCHOVER -> {
				checks.add(check("0 failed borrows", sum(results, TrialResult::failedBorrows) == 0));
				checks.add(check("0 read-only", sum(results, TrialResult::readOnly) == 0));
			}
			default -> {
			}
		}
		checks.add(check("0 lost", sum(results, TrialResult::lost) == 0));
		return String.join(", ", checks);
	}

	private static String check(String target, OptionalLong value, Duration limit) {
		return check(target, value.isPresent() && value.getAsLong() <= limit.toNanos());
	}

	private static boolean atMost(OptionalLong value, OptionalLong limit) {
		return value.isPresent() && limit.isPresent() && value.getAsLong() <= limit.getAsLong();
	}

	private static String check(String target, boolean met) {
		return target + ": " + (met ? "met" : "MISSED");
	}

	private static long sum(List<TrialResult> results, ToLongFunction<TrialResult> figure) {
		return results.stream().mapToLong(figure).sum();
	}

	/** The median, or empty if any trial had no value (the max is then unbounded). */
	private static OptionalLong medianOf(OptionalLong[] values) {
		return Aggregate.MEDIAN.of(values);
	}

	private static OptionalLong maxOf(OptionalLong[] values) {
		return Aggregate.MAX.of(values);
	}

	private static long median(LongStream values) {
		long[] sorted = values.sorted().toArray();
		return TrialResult.percentile(sorted, 50);
	}

	private static String seconds(OptionalLong nanos) {
		return nanos.isPresent() ? seconds(nanos.getAsLong()) : "none";
	}

	private static String seconds(long nanos) {
		return String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
	}

	private static String millis(long nanos) {
		return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
	}

	private static String signedMillis(OptionalLong nanos) {
		return nanos.isPresent() ? signedMillis(nanos.getAsLong()) : "none";
	}

	private static String signedMillis(long nanos) {
		return String.format(Locale.ROOT, "%+.1f ms", nanos / 1e6);
	}

	/** How the trials of one client are summed up, each a row under them. */
	private enum Aggregate {

		MIN("min") {
			@Override
			long of(long[] sorted) {
				return sorted[0];
			}
		},

		MEDIAN("median") {
			@Override
			long of(long[] sorted) {
				return TrialResult.percentile(sorted, 50);
			}
		},

		MAX("max") {
			@Override
			long of(long[] sorted) {
				return sorted[sorted.length - 1];
			}
		};

		private final String label;

		Aggregate(String label) {
			this.label = label;
		}

		abstract long of(long[] sorted);

		/** Over every trial; empty if any trial had no value. */
		OptionalLong of(OptionalLong[] values) {
			if (values.length == 0 || !Arrays.stream(values).allMatch(OptionalLong::isPresent)) {
				return OptionalLong.empty();
			}
			return OptionalLong.of(of(Arrays.stream(values).mapToLong(OptionalLong::getAsLong).sorted().toArray()));
		}

	}

	/**
	 * A figure of each trial, as a column of the scenario tables.
	 *
	 * @param header the column's title
	 * @param width its width
	 * @param promotionOnly whether it is shown only for scenarios that end in a promotion
	 * @param needsDetector whether only a client with a failure detector has it ({@code n/a} for the others)
	 * @param value the figure of a trial, empty if the trial had none
	 * @param format how a value is shown
	 */
	private record Column(String header, int width, boolean promotionOnly, boolean needsDetector,
			Function<TrialResult, OptionalLong> value, LongFunction<String> format) {

		/** A figure that every trial has. */
		static Column of(String header, int width, boolean promotionOnly, ToLongFunction<TrialResult> value,
				LongFunction<String> format) {
			return new Column(header, width, promotionOnly, false, (result) -> OptionalLong.of(value.applyAsLong(result)),
					format);
		}

		String show(Contender contender, TrialResult result) {
			return show(contender, this.value.apply(result));
		}

		String show(Contender contender, List<TrialResult> results, Aggregate aggregate) {
			return show(contender, aggregate.of(results.stream().map(this.value).toArray(OptionalLong[]::new)));
		}

		private String show(Contender contender, OptionalLong value) {
			if (this.needsDetector && !contender.hasDetector()) {
				return "n/a";
			}
			return value.isPresent() ? this.format.apply(value.getAsLong()) : "none";
		}

	}

}
