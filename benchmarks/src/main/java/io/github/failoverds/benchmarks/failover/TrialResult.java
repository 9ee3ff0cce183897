package io.github.failoverds.benchmarks.failover;

import java.util.List;
import java.util.OptionalLong;

/**
 * What one client did in one trial of a scenario. Durations in nanoseconds; stalls and failures are
 * those of the requests that ended after the fault.
 *
 * @param detection fault to the client's first status change of the primary (empty: none, or the client
 * cannot tell)
 * @param firstCommit fault to the first acknowledged commit, on the expected node, of a request issued
 * after the fault (empty: none within the window)
 * @param stalls the sorted durations of the requests, issue to return
 * @param failed how many of them failed
 * @param lost acknowledged commits of the whole trial missing from the server that acknowledged them
 */
public record TrialResult(OptionalLong detection, OptionalLong firstCommit, long[] stalls, long failed, long lost) {

	/**
	 * Work out a trial's figures.
	 * @param requests every request of the trial
	 * @param faultAt when the fault took effect
	 * @param expectedPort the server that should serve after the fault
	 * @param detectedAt when the client noticed, if it did
	 * @param lost missing acknowledged commits
	 * @return the figures
	 */
	static TrialResult of(List<Request> requests, long faultAt, int expectedPort, OptionalLong detectedAt, long lost) {
		List<Request> affected = requests.stream().filter((request) -> request.endNanos() >= faultAt).toList();
		OptionalLong firstCommit = affected.stream()
			.filter((request) -> request.startNanos() >= faultAt && request.port() == expectedPort)
			.mapToLong((request) -> request.endNanos() - faultAt)
			.min();
		long[] stalls = affected.stream().mapToLong(Request::stallNanos).sorted().toArray();
		long failed = affected.stream().filter((request) -> !request.succeeded()).count();
		OptionalLong detection = detectedAt.isPresent() ? OptionalLong.of(detectedAt.getAsLong() - faultAt)
				: OptionalLong.empty();
		return new TrialResult(detection, firstCommit, stalls, failed, lost);
	}

	/**
	 * A percentile of the stalls (nearest rank).
	 * @param percent e.g. 99
	 * @return the stall in nanoseconds, 0 if there was no request
	 */
	long stallPercentile(double percent) {
		return percentile(this.stalls, percent);
	}

	static long percentile(long[] sorted, double percent) {
		if (sorted.length == 0) {
			return 0;
		}
		int rank = (int) Math.ceil(percent / 100 * sorted.length);
		return sorted[Math.max(0, rank - 1)];
	}

}
