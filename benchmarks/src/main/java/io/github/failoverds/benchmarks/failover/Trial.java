package io.github.failoverds.benchmarks.failover;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One trial: start a client, run the load, inject the fault, watch for the scenario's window, stop the
 * load, undo the fault, and check that every acknowledged commit is on the server that acknowledged it.
 */
public final class Trial {

	/** Load before the fault, so that the pools are warm and serve from the primary. */
	static final Duration WARM_UP = Duration.ofSeconds(2);

	/** The longest wait for the requests still under way when the load stops. */
	private static final Duration DRAIN_LIMIT = Duration.ofSeconds(30);

	private Trial() {
	}

	/**
	 * Run one trial.
	 * @param scenario the fault
	 * @param contender the client
	 * @param cluster the servers, healthy on entry and on return
	 * @return the figures
	 * @throws Exception if the trial cannot be run
	 */
	public static TrialResult run(Scenario scenario, Contender contender, Cluster cluster) throws Exception {
		List<Request> requests;
		long faultAt;
		Client client = null;
		try {
			scenario.prepare(cluster);
			client = contender.open(cluster, scenario.viaProxy());
			WriteLoad load = WriteLoad.start(client.dataSource());
			Thread.sleep(WARM_UP.toMillis());
			faultAt = scenario.inject(cluster);
			long watched = System.nanoTime() - faultAt;
			Thread.sleep(Math.max(0, (scenario.window().toNanos() - watched) / 1_000_000));
			requests = load.stop(DRAIN_LIMIT);
		}
		finally {
			cluster.heal();
			if (client != null) {
				client.close();
			}
		}
		Map<Long, Integer> acknowledged = requests.stream()
			.filter(Request::succeeded)
			.collect(Collectors.toMap(Request::id, Request::port));
		return TrialResult.of(requests, faultAt, scenario.expectedPort(cluster),
				client.primaryStatusChangeSince(faultAt), cluster.missingCommits(acknowledged));
	}

}
