package io.github.failoverds.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import io.github.failoverds.benchmarks.overhead.Backend;
import io.github.failoverds.benchmarks.overhead.ConnectionCycleBenchmark;
import io.github.failoverds.benchmarks.overhead.PoolKind;

/**
 * The borrow cycle of two data sources measured so that their ratio can be trusted on a noisy machine: the two
 * run in alternating JMH forks (A B, B A, A B, ...), one fork each per round, so that whatever else the machine
 * does falls on both alike, and each round gives one ratio. Prints every fork's score, the ratio of each round,
 * and their median and range (min–max), per backend and thread count.
 * <p>
 * Usage: {@code java -cp benchmarks.jar io.github.failoverds.benchmarks.AlternatingOverheadRun [--rounds=5]
 * [--threads=1,2] [--backends=POSTGRESQL,STUB] [--baseline=HIKARI] [--candidate=FAILOVER_LEAK]
 * [--warmup=3] [--iterations=5] [--prof=gc]}; iterations are of one second.
 */
public final class AlternatingOverheadRun {

	/** SPEC.md's target for leak tracking on (stack capture off) against raw HikariCP: the median ratio. */
	private static final double TARGET = 0.95;

	/** What {@code --prof=gc} reports as the bytes allocated per operation. */
	private static final String ALLOCATION_PER_OPERATION = "gc.alloc.rate.norm";

	private final int rounds;

	private final List<Integer> threadCounts;

	private final List<Backend> backends;

	private final PoolKind baseline;

	private final PoolKind candidate;

	private final int warmupIterations;

	private final int measurementIterations;

	private final String profiler;

	private AlternatingOverheadRun(Arguments arguments) {
		this.rounds = arguments.integer("rounds", 5);
		this.threadCounts = arguments.list("threads", "1,2").stream().map(Integer::valueOf).toList();
		this.backends = arguments.list("backends", "POSTGRESQL,STUB").stream().map(Backend::valueOf).toList();
		this.baseline = PoolKind.valueOf(arguments.text("baseline", PoolKind.HIKARI.name()));
		this.candidate = PoolKind.valueOf(arguments.text("candidate", PoolKind.FAILOVER_LEAK.name()));
		this.warmupIterations = arguments.integer("warmup", 3);
		this.measurementIterations = arguments.integer("iterations", 5);
		this.profiler = arguments.text("prof", "");
	}

	/**
	 * Run the rounds and print the report.
	 * @param args see the class description
	 * @throws RunnerException if JMH fails
	 */
	public static void main(String[] args) throws RunnerException {
		new AlternatingOverheadRun(new Arguments(args)).run(System.out);
	}

	private void run(PrintStream out) throws RunnerException {
		List<String> summary = new ArrayList<>();
		for (Backend backend : this.backends) {
			for (int threads : this.threadCounts) {
				double[] ratios = new double[this.rounds];
				for (int round = 0; round < this.rounds; round++) {
					boolean baselineFirst = round % 2 == 0;
					double first = score(baselineFirst ? this.baseline : this.candidate, backend, threads);
					double second = score(baselineFirst ? this.candidate : this.baseline, backend, threads);
					double baselineScore = baselineFirst ? first : second;
					double candidateScore = baselineFirst ? second : first;
					ratios[round] = candidateScore / baselineScore;
					out.printf(Locale.ROOT, "%-10s %d thread(s) round %d (%s first): %s %.1f ops/ms, %s %.1f ops/ms, ratio %.3f%n",
							backend, threads, round + 1, baselineFirst ? this.baseline : this.candidate, this.baseline,
							baselineScore, this.candidate, candidateScore, ratios[round]);
				}
				double median = median(ratios);
				summary.add(String.format(Locale.ROOT, "%-10s %d thread(s): %s / %s median %.3f, range %.3f-%.3f over %d rounds%s",
						backend, threads, this.candidate, this.baseline, median,
						Arrays.stream(ratios).min().orElse(Double.NaN), Arrays.stream(ratios).max().orElse(Double.NaN),
						this.rounds, isSpecTarget() ? ((median >= TARGET) ? " (target >= 0.95: met)" : " (target >= 0.95: MISSED)")
								: ""));
			}
		}
		out.println();
		out.println("Per-round ratios (" + this.candidate + " / " + this.baseline + " in the same round):");
		summary.forEach(out::println);
	}

	private double score(PoolKind pool, Backend backend, int threads) throws RunnerException {
		OptionsBuilder options = new OptionsBuilder();
		options.include(ConnectionCycleBenchmark.class.getName() + ".cycle$")
			.param("pool", pool.name())
			.param("backend", backend.name())
			.threads(threads)
			.forks(1)
			.warmupIterations(this.warmupIterations)
			.warmupTime(TimeValue.seconds(1))
			.measurementIterations(this.measurementIterations)
			.measurementTime(TimeValue.seconds(1))
			.verbosity(VerboseMode.SILENT);
		if (!this.profiler.isEmpty()) {
			options.addProfiler(this.profiler);
		}
		Options built = options.build();
		RunResult result = new Runner(built).runSingle();
		Result<?> allocated = result.getSecondaryResults().get(ALLOCATION_PER_OPERATION);
		if (allocated != null) {
			System.out.printf(Locale.ROOT, "  %s %s: %.1f B/op allocated%n", pool, backend, allocated.getScore());
		}
		return result.getPrimaryResult().getScore();
	}

	/** Whether the run compares what SPEC.md's borrow-cycle target is about: leak tracking on against raw HikariCP. */
	private boolean isSpecTarget() {
		return this.candidate == PoolKind.FAILOVER_LEAK && this.baseline == PoolKind.HIKARI;
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	/** {@code --name=value} arguments. */
	private record Arguments(String[] args) {

		String text(String name, String defaultValue) {
			String prefix = "--" + name + "=";
			return Arrays.stream(this.args)
				.filter((arg) -> arg.startsWith(prefix))
				.map((arg) -> arg.substring(prefix.length()))
				.reduce((first, last) -> last)
				.orElse(defaultValue);
		}

		int integer(String name, int defaultValue) {
			return Integer.parseInt(text(name, String.valueOf(defaultValue)));
		}

		List<String> list(String name, String defaultValue) {
			return List.of(text(name, defaultValue).split(","));
		}

	}

}
