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
 * @param writable for a fault that ends in a promotion: fault to the moment the promoted node first accepted a
 * write, measured apart from the client (empty otherwise)
 * @param afterWritable for a fault that ends in a promotion: from that moment to the client's first acknowledged
 * commit on the promoted node, of any request; negative if the client got there first (empty: no promotion, or
 * no such commit within the window)
 * @param stalls the sorted durations of the requests, issue to return
 * @param inFlight requests under way while the fault was injected (e.g. between the SIGSTOP of a server and the
 * death of its last process), those a crash can fail
 * @param failed how many of the requests failed
 * @param failedBorrows how many of those failed in {@code getConnection()}
 * @param readOnly how many of those reached a read-only server (SQLState 25006)
 * @param lost acknowledged commits of the whole trial missing where they must be
 */
public record TrialResult(OptionalLong detection, OptionalLong firstCommit, OptionalLong writable,
		OptionalLong afterWritable, long[] stalls, long inFlight, long failed, long failedBorrows, long readOnly,
		long lost) {

	/**
	 * Work out a trial's figures.
	 * @param requests every request of the trial
	 * @param fault the fault
	 * @param writableAt when the promoted node first accepted a write, if the fault promotes one
	 * @param detectedAt when the client noticed, if it did
	 * @param lost missing acknowledged commits
	 * @return the figures
	 */
	static TrialResult of(List<Request> requests, Fault fault, OptionalLong writableAt, OptionalLong detectedAt,
			long lost) {
		long faultAt = fault.atNanos();
		List<Request> affected = requests.stream().filter((request) -> request.endNanos() >= faultAt).toList();
		OptionalLong firstCommit = affected.stream()
			.filter((request) -> request.startNanos() >= faultAt && request.port() == fault.expectedPort())
			.mapToLong((request) -> request.endNanos() - faultAt)
			.min();
		OptionalLong afterWritable = OptionalLong.empty();
		if (writableAt.isPresent()) {
			afterWritable = affected.stream()
				.filter((request) -> request.port() == fault.expectedPort())
				.mapToLong((request) -> request.endNanos() - writableAt.getAsLong())
				.min();
		}
		long[] stalls = affected.stream().mapToLong(Request::stallNanos).sorted().toArray();
		List<Request> failures = affected.stream().filter((request) -> !request.succeeded()).toList();
		return new TrialResult(since(faultAt, detectedAt), firstCommit, since(faultAt, writableAt), afterWritable,
				stalls, requests.stream().filter(fault::caught).count(), failures.size(),
				failures.stream().filter((request) -> request.outcome() == Request.Outcome.BORROW_FAILED).count(),
				failures.stream().filter(Request::refusedAsReadOnly).count(), lost);
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

	private static OptionalLong since(long faultAt, OptionalLong moment) {
		return moment.isPresent() ? OptionalLong.of(moment.getAsLong() - faultAt) : OptionalLong.empty();
	}

}
