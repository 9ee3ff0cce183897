package io.github.failoverds.benchmarks.overhead;

import java.io.PrintStream;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * Prints the results of the pool benchmarks of one run side by side: throughput of every
 * {@link PoolKind}, its ratio to raw HikariCP with the same tracker and to HikariCP with its own leak
 * detection, and the verdict on each throughput target of SPEC.md. Besides JMH's mean, it shows the best
 * iteration and the ratio of the best iterations: on a shared machine other processes can only slow an
 * iteration down, so that ratio is the one least disturbed by them.
 */
public final class RatioReport {

	/** The targets are on the borrow and return cycle; {@code SELECT 1} is shown for information. */
	private static final String TARGET_BENCHMARK = "cycle";

	private static final List<Target> TARGETS = List.of(new Target(PoolKind.FAILOVER_LEAK, PoolKind.HIKARI, 0.95),
			new Target(PoolKind.FAILOVER_LEAK_STACK, PoolKind.HIKARI_LEAK_DETECTION, 1.0));

	private final List<Row> rows;

	/**
	 * Collect the rows of a run.
	 * @param results JMH's results, of any number of runs
	 */
	public RatioReport(Collection<RunResult> results) {
		this.rows = results.stream()
			.map(Row::of)
			.sorted(Comparator.comparing(Row::benchmark)
				.thenComparing(Row::backend)
				.thenComparingInt(Row::threads)
				.thenComparing(Row::pool))
			.toList();
	}

	/**
	 * Print the table and the verdicts.
	 * @param out where to
	 */
	public void print(PrintStream out) {
		out.println();
		out.println("Throughput in ops/ms (higher is better), pool size " + Databases.POOL_SIZE
				+ ": the mean over the measurement iterations with JMH's 99.9% error, and the best iteration.");
		out.println("Ratios of the means to HIKARI (HikariCP used directly, same Micrometer tracker) and to");
		out.println("HIKARI_LEAK (the same with HikariCP's own leakDetectionThreshold); in brackets, the ratio of the");
		out.println("best iterations, which other processes on the machine can only lower.");
		out.println();
		out.printf(Locale.ROOT, "%-10s %-11s %7s  %-20s %10s %9s %10s %18s %18s%n", "benchmark", "backend", "threads",
				"pool", "mean", "± error", "best", "vs HIKARI", "vs HIKARI_LEAK");
		for (Row row : this.rows) {
			out.printf(Locale.ROOT, "%-10s %-11s %7d  %-20s %10.1f %9.1f %10.1f %18s %18s%n", row.benchmark(),
					row.backend(), row.threads(), row.pool(), row.mean(), row.error(), row.best(),
					ratios(row, PoolKind.HIKARI), ratios(row, PoolKind.HIKARI_LEAK_DETECTION));
		}
		out.println();
		out.println("Targets (SPEC.md), on the ratio of the means [and of the best iterations]:");
		for (Target target : TARGETS) {
			for (Row row : this.rows) {
				if (row.pool() == target.pool() && row.benchmark().equals(TARGET_BENCHMARK)) {
					baseline(row, target.baseline()).ifPresent((baseline) -> {
						double mean = row.mean() / baseline.mean();
						double best = row.best() / baseline.best();
						out.printf(Locale.ROOT, "  %-10s %-11s %d thread(s): %s / %s = %s [%s] (target >= %.2f): %s [%s]%n",
								row.benchmark(), row.backend(), row.threads(), target.pool(), target.baseline(),
								format(mean), format(best), target.minimumRatio(), verdict(mean, target),
								verdict(best, target));
					});
				}
			}
		}
	}

	private String ratios(Row row, PoolKind baseline) {
		return baseline(row, baseline)
			.map((other) -> format(row.mean() / other.mean()) + " [" + format(row.best() / other.best()) + "]")
			.orElse("-");
	}

	private static String verdict(double ratio, Target target) {
		return (ratio >= target.minimumRatio()) ? "met" : "MISSED";
	}

	private Optional<Row> baseline(Row row, PoolKind baseline) {
		return this.rows.stream().filter((other) -> other.pool() == baseline && other.sameGroupAs(row)).findFirst();
	}

	private static String format(double ratio) {
		return String.format(Locale.ROOT, "%.3f", ratio);
	}

	/**
	 * A throughput target: a kind must reach a share of its baseline's throughput.
	 */
	private record Target(PoolKind pool, PoolKind baseline, double minimumRatio) {
	}

	/**
	 * One benchmark result.
	 */
	private record Row(String benchmark, String backend, int threads, PoolKind pool, double mean, double error,
			double best) {

		static Row of(RunResult result) {
			String name = result.getParams().getBenchmark();
			Result<?> primary = result.getPrimaryResult();
			return new Row(name.substring(name.lastIndexOf('.') + 1), result.getParams().getParam("backend"),
					result.getParams().getThreads(), PoolKind.valueOf(result.getParams().getParam("pool")),
					primary.getScore(), primary.getScoreError(), primary.getStatistics().getMax());
		}

		boolean sameGroupAs(Row other) {
			return this.benchmark.equals(other.benchmark) && this.backend.equals(other.backend)
					&& this.threads == other.threads;
		}

	}

}
