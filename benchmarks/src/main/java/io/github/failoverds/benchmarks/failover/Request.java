package io.github.failoverds.benchmarks.failover;

/**
 * One request of the load: an autocommit insert of one row.
 *
 * @param id the row id
 * @param startNanos when the request was issued ({@link System#nanoTime()})
 * @param endNanos when it returned or failed
 * @param port the port of the server that acknowledged the commit, 0 if the request failed
 */
record Request(long id, long startNanos, long endNanos, int port) {

	boolean succeeded() {
		return this.port != 0;
	}

	long stallNanos() {
		return this.endNanos - this.startNanos;
	}

}
