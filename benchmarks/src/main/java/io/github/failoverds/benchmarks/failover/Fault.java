package io.github.failoverds.benchmarks.failover;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A fault as injected.
 *
 * @param atNanos when it took effect ({@link System#nanoTime()})
 * @param doneNanos when its injection was complete, e.g. when every process of a killed server was dead (the
 * same as {@code atNanos} for an instant fault)
 * @param expectedPort the port of the server that should serve after it
 * @param promotedWritable for a fault that ends in a promotion: when the promoted server first accepted a
 * write, measured apart from the clients; {@code null} otherwise
 */
record Fault(long atNanos, long doneNanos, int expectedPort, CompletableFuture<Long> promotedWritable) {

	/**
	 * A fault that promotes nothing.
	 * @param atNanos when it took effect
	 * @param expectedPort the server that should serve after it
	 * @return the fault
	 */
	static Fault at(long atNanos, int expectedPort) {
		return new Fault(atNanos, atNanos, expectedPort, null);
	}

	/**
	 * A fault after which a standby is promoted.
	 * @param atNanos when it took effect
	 * @param doneNanos when its injection was complete
	 * @param promotedPort the promoted server, which should serve after it
	 * @param writable when the promoted server first accepts a write
	 * @return the fault
	 */
	static Fault promoting(long atNanos, long doneNanos, int promotedPort, CompletableFuture<Long> writable) {
		return new Fault(atNanos, doneNanos, promotedPort, writable);
	}

	/**
	 * Whether a request was under way while the fault was injected: issued before the injection was complete,
	 * and not finished when it began.
	 * @param request a request
	 * @return {@code true} if it was
	 */
	boolean caught(Request request) {
		return request.startNanos() < this.doneNanos && request.endNanos() >= this.atNanos;
	}

	/**
	 * Wait for the promoted server to accept writes.
	 * @param timeout the longest wait
	 * @return when it did, empty if the fault promotes nothing
	 * @throws Exception if the promotion or its measurement failed or timed out
	 */
	OptionalLong awaitWritable(Duration timeout) throws Exception {
		return (this.promotedWritable != null)
				? OptionalLong.of(this.promotedWritable.get(timeout.toMillis(), TimeUnit.MILLISECONDS))
				: OptionalLong.empty();
	}

}
