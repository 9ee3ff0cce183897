package io.github.failoverds.benchmarks.failover;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * One trial: set the servers up, start a client, run the load, inject the fault, watch for the scenario's
 * window, stop the load, undo the fault, and check that every acknowledged commit is where it must be.
 */
public final class Trial {

	/** Load before the fault, so that the pools are warm and serve from the primary. */
	static final Duration WARM_UP = Duration.ofSeconds(2);

	/** The longest wait for the requests still under way when the load stops. */
	private static final Duration DRAIN_LIMIT = Duration.ofSeconds(30);

	/** The longest wait, after the window, for a promoted node to be seen accepting writes. */
	private static final Duration PROMOTION_LIMIT = Duration.ofSeconds(60);

	private Trial() {
	}

	/**
	 * Run one trial.
	 * @param scenario the fault
	 * @param contender the client
	 * @param cluster the servers, of the scenario's testbed
	 * @return the figures
	 * @throws Exception if the trial cannot be run
	 */
	public static TrialResult run(Scenario scenario, Contender contender, Cluster cluster) throws Exception {
		List<Request> requests;
		Fault fault;
		OptionalLong writableAt;
		Client client = null;
		try {
			cluster.setUp();
			scenario.prepare(cluster);
			client = contender.open(cluster.topology(scenario.viaProxy()), scenario.budget());
			WriteLoad load = WriteLoad.start(client.dataSource());
			Thread.sleep(WARM_UP.toMillis());
			fault = scenario.inject(cluster);
			long watched = System.nanoTime() - fault.atNanos();
			Thread.sleep(Math.max(0, (scenario.window().toNanos() - watched) / 1_000_000));
			requests = load.stop(DRAIN_LIMIT);
			writableAt = fault.awaitWritable(PROMOTION_LIMIT);
		}
		finally {
			try {
				cluster.heal();
			}
			finally {
				if (client != null) {
					client.close();
				}
			}
		}
		Map<Long, Integer> acknowledged = requests.stream()
			.filter(Request::succeeded)
			.collect(Collectors.toMap(Request::id, Request::port));
		return TrialResult.of(requests, fault, writableAt, client.primaryStatusChangeSince(fault.atNanos()),
				cluster.missingCommits(acknowledged));
	}

}
