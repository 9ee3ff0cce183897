package io.github.failoverds.benchmarks;

import java.util.ArrayList;
import java.util.List;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import io.github.failoverds.benchmarks.overhead.PoolBenchmark;
import io.github.failoverds.benchmarks.overhead.RatioReport;

/**
 * Main class of {@code benchmarks.jar}: runs the pool benchmarks with 1 and then 2 threads and prints
 * the throughput of every data source beside raw HikariCP's, with the ratios, in one report.
 * <p>
 * Takes JMH's usual command-line options ({@code -h} lists them), e.g. a benchmark regexp,
 * {@code -p backend=STUB}, {@code -prof jfr} or {@code -f 3}. With {@code -t N} only that thread count runs.
 * Because the thread counts run one after the other, a JMH result file ({@code -rff}) holds the last one
 * only; the printed report holds them all.
 */
public final class RoutingOverheadBenchmarks {

	private static final List<Integer> DEFAULT_THREAD_COUNTS = List.of(1, 2);

	private RoutingOverheadBenchmarks() {
	}

	/**
	 * Run the benchmarks.
	 * @param args JMH command-line options
	 * @throws Exception if JMH fails
	 */
	public static void main(String[] args) throws Exception {
		CommandLineOptions commandLine = new CommandLineOptions(args);
		if (commandLine.shouldHelp() || commandLine.shouldList() || commandLine.shouldListWithParams()
				|| commandLine.shouldListProfilers() || commandLine.shouldListResultFormats()) {
			org.openjdk.jmh.Main.main(args);
			return;
		}
		List<Integer> threadCounts = commandLine.getThreads().hasValue() ? List.of(commandLine.getThreads().get())
				: DEFAULT_THREAD_COUNTS;
		List<RunResult> results = new ArrayList<>();
		for (int threads : threadCounts) {
			ChainedOptionsBuilder options = new OptionsBuilder().parent(commandLine).threads(threads);
			if (commandLine.getIncludes().isEmpty()) {
				options.include(PoolBenchmark.class.getPackageName() + "\\.");
			}
			results.addAll(new Runner(options.build()).run());
		}
		new RatioReport(results).print(System.out);
	}

}
