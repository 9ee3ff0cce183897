package io.github.failoverds.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.github.failoverds.benchmarks.failover.Cluster;
import io.github.failoverds.benchmarks.failover.Contender;
import io.github.failoverds.benchmarks.failover.Scenario;
import io.github.failoverds.benchmarks.failover.ScenarioReport;
import io.github.failoverds.benchmarks.failover.Trial;
import io.github.failoverds.benchmarks.failover.TrialResult;

/**
 * The failover scenario runner: starts a primary and a standby (embedded PostgreSQL on 127.0.0.1, the
 * primary behind a fault proxy), and for each {@link Scenario} runs a steady write load through each
 * {@link Contender} in turn, injects the fault, and prints a table per scenario and a headline table.
 * <p>
 * Usage: {@code java -cp benchmarks.jar io.github.failoverds.benchmarks.FailoverScenarioRunner
 * [--trials=N] [--scenarios=sigkill,blackhole,latency,reset,failback]}. Defaults: 5 trials of every
 * scenario; a full run takes about 8 minutes.
 */
public final class FailoverScenarioRunner {

	private static final int DEFAULT_TRIALS = 5;

	private FailoverScenarioRunner() {
	}

	/**
	 * Run the scenarios.
	 * @param args {@code --trials=N} and {@code --scenarios=a,b}
	 * @throws Exception if a scenario cannot be run
	 */
	public static void main(String[] args) throws Exception {
		int trials = DEFAULT_TRIALS;
		List<Scenario> scenarios = Arrays.asList(Scenario.values());
		for (String arg : args) {
			if (arg.startsWith("--trials=")) {
				trials = Integer.parseInt(arg.substring("--trials=".length()));
			}
			else if (arg.startsWith("--scenarios=")) {
				scenarios = Arrays.stream(arg.substring("--scenarios=".length()).split(",")).map(Scenario::of).toList();
			}
			else {
				throw new IllegalArgumentException("Unknown argument '" + arg
						+ "'; use --trials=N and --scenarios=" + Arrays.stream(Scenario.values()).map(Scenario::id).toList());
			}
		}
		ScenarioReport report = new ScenarioReport(System.out);
		try (Cluster cluster = Cluster.start()) {
			for (Scenario scenario : scenarios) {
				report.scenario(scenario, run(scenario, trials, cluster));
			}
		}
		report.headline();
	}

	/** Trials alternate between the clients, so that both see the same conditions. */
	private static Map<Contender, List<TrialResult>> run(Scenario scenario, int trials, Cluster cluster)
			throws Exception {
		Map<Contender, List<TrialResult>> results = new EnumMap<>(Contender.class);
		for (int trial = 0; trial < trials; trial++) {
			for (Contender contender : Contender.values()) {
				results.computeIfAbsent(contender, (key) -> new ArrayList<>()).add(Trial.run(scenario, contender, cluster));
			}
		}
		return results;
	}

}
