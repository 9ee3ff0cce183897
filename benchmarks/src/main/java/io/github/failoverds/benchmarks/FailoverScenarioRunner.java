package io.github.failoverds.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.github.failoverds.benchmarks.failover.Cluster;
import io.github.failoverds.benchmarks.failover.Contender;
import io.github.failoverds.benchmarks.failover.Scenario;
import io.github.failoverds.benchmarks.failover.ScenarioReport;
import io.github.failoverds.benchmarks.failover.Testbed;
import io.github.failoverds.benchmarks.failover.Trial;
import io.github.failoverds.benchmarks.failover.TrialResult;
import io.github.failoverds.benchmarks.vthreads.VirtualThreadScenario;

/**
 * The failover scenario runner: for each {@link Scenario} runs a steady write load through each {@link Contender}
 * in turn, injects the fault, and prints a table per scenario and a headline table. The servers of each
 * {@link Testbed} (independent embedded PostgreSQL servers with a fault proxy, embedded streaming replication,
 * a Patroni cluster) are started when the first scenario that needs them runs, and stopped after the last.
 * <p>
 * Usage: {@code java -cp benchmarks.jar io.github.failoverds.benchmarks.FailoverScenarioRunner [--trials=N]
 * [scenario ...]}, scenarios by name, e.g. {@code crash-then-promote patroni-switchover patroni-crash}
 * ({@code --scenarios=a,b} works too). Defaults: 5 trials of every scenario, less the Patroni ones where
 * Patroni, etcd or PostgreSQL 15 are not installed.
 * <p>
 * {@code virtual-threads} ({@link VirtualThreadScenario}, Java 21 or later; on an older JVM it is skipped with a
 * note) runs only when named: {@code --trials=N} throughput trials of each data source, each measured for
 * {@code --seconds=N} (default 10), then one SIGKILL failover.
 */
public final class FailoverScenarioRunner {

	private static final int DEFAULT_TRIALS = 5;

	private static final Duration DEFAULT_TRIAL_LENGTH = Duration.ofSeconds(10);

	private FailoverScenarioRunner() {
	}

	/**
	 * Run the scenarios.
	 * @param args {@code --trials=N}, and scenario names (or {@code --scenarios=a,b})
	 * @throws Exception if a scenario cannot be run
	 */
	public static void main(String[] args) throws Exception {
		int trials = DEFAULT_TRIALS;
		Duration trialLength = DEFAULT_TRIAL_LENGTH;
		boolean virtualThreads = false;
		Set<Scenario> named = new LinkedHashSet<>();
		for (String arg : args) {
			if (arg.startsWith("--trials=")) {
				trials = Integer.parseInt(arg.substring("--trials=".length()));
			}
			else if (arg.startsWith("--seconds=")) {
				trialLength = Duration.ofSeconds(Long.parseLong(arg.substring("--seconds=".length())));
			}
			else if (arg.equals(VirtualThreadScenario.ID)) {
				virtualThreads = true;
			}
			else if (arg.startsWith("--scenarios=")) {
				Arrays.stream(arg.substring("--scenarios=".length()).split(",")).map(Scenario::of).forEach(named::add);
			}
			else if (!arg.startsWith("-")) {
				named.add(Scenario.of(arg));
			}
			else {
				throw new IllegalArgumentException("Unknown argument '" + arg + "'; use --trials=N, --seconds=N and scenario names "
						+ Arrays.stream(Scenario.values()).map(Scenario::id).toList());
			}
		}
		if (virtualThreads) {
			runVirtualThreads(trials, trialLength);
			if (named.isEmpty()) {
				return;
			}
		}
		List<Scenario> scenarios = named.isEmpty() ? runnable(Arrays.asList(Scenario.values())) : List.copyOf(named);
		for (Scenario scenario : scenarios) {
			Optional<String> unavailable = scenario.testbed().unavailableReason();
			if (unavailable.isPresent()) {
				throw new IllegalStateException("Cannot run " + scenario.id() + ": " + unavailable.get());
			}
		}
		ScenarioReport report = new ScenarioReport(System.out);
		Map<Testbed, Cluster> clusters = new EnumMap<>(Testbed.class);
		try {
			for (int i = 0; i < scenarios.size(); i++) {
				Scenario scenario = scenarios.get(i);
				Cluster cluster = clusters.computeIfAbsent(scenario.testbed(), Testbed::start);
				report.scenario(scenario, run(scenario, trials, cluster));
				if (scenarios.subList(i + 1, scenarios.size()).stream().noneMatch((next) -> next.testbed() == scenario.testbed())) {
					clusters.remove(scenario.testbed()).close();
				}
			}
		}
		finally {
			clusters.values().forEach(Cluster::close);
		}
		report.headline();
	}

	/** The scenario {@value VirtualThreadScenario#ID}, or a note on standard error where the JVM cannot run it. */
	private static void runVirtualThreads(int trials, Duration trialLength) throws Exception {
		Optional<String> unavailable = VirtualThreadScenario.unavailableReason();
		if (unavailable.isPresent()) {
			System.err.println("Skipping " + VirtualThreadScenario.ID + ": " + unavailable.get());
			return;
		}
		new VirtualThreadScenario(trials, trialLength, System.out).run();
	}

	/** Every scenario whose servers this machine can run; a note on standard error for each that it cannot. */
	private static List<Scenario> runnable(List<Scenario> scenarios) {
		return scenarios.stream().filter((scenario) -> {
			Optional<String> unavailable = scenario.testbed().unavailableReason();
			unavailable.ifPresent((reason) -> System.err.println("Skipping " + scenario.id() + ": " + reason));
			return unavailable.isEmpty();
		}).toList();
	}

	/**
	 * Trials alternate between the clients, so that both see the same conditions, in the order A B, B A, A B...:
	 * neither client always runs first, or always on the same Patroni leader (each trial moves the leader).
	 */
	private static Map<Contender, List<TrialResult>> run(Scenario scenario, int trials, Cluster cluster)
			throws Exception {
		Map<Contender, List<TrialResult>> results = new EnumMap<>(Contender.class);
		for (int trial = 0; trial < trials; trial++) {
			List<Contender> order = new ArrayList<>(scenario.contenders());
			if (trial % 2 == 1) {
				Collections.reverse(order);
			}
			for (Contender contender : order) {
				results.computeIfAbsent(contender, (key) -> new ArrayList<>()).add(Trial.run(scenario, contender, cluster));
			}
		}
		return results;
	}

}
