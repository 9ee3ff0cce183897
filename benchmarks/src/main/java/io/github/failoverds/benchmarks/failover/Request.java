package io.github.failoverds.benchmarks.failover;

/**
 * One request of the load: an autocommit insert of one row.
 *
 * @param id the row id
 * @param startNanos when the request was issued ({@link System#nanoTime()})
 * @param endNanos when it returned or failed
 * @param port the port of the server that acknowledged the commit, 0 if the request failed
 * @param outcome committed, or where it failed
 * @param sqlState the failure's SQLState, {@code null} if it committed or the failure had none
 */
record Request(long id, long startNanos, long endNanos, int port, Outcome outcome, String sqlState) {

	/** PostgreSQL's "cannot execute ... in a read-only transaction": a write sent to a replica. */
	static final String READ_ONLY_SQL_STATE = "25006";

	static Request committed(long id, long startNanos, long endNanos, int port) {
		return new Request(id, startNanos, endNanos, port, Outcome.COMMITTED, null);
	}

	static Request failed(long id, long startNanos, long endNanos, Outcome outcome, String sqlState) {
		return new Request(id, startNanos, endNanos, 0, outcome, sqlState);
	}

	boolean succeeded() {
		return this.outcome == Outcome.COMMITTED;
	}

	/** @return whether the write reached a server that refused it as read-only */
	boolean refusedAsReadOnly() {
		return READ_ONLY_SQL_STATE.equals(this.sqlState);
	}

	long stallNanos() {
		return this.endNanos - this.startNanos;
	}

	/** How a request ended. */
	enum Outcome {

		/** The insert was committed and acknowledged. */
		COMMITTED,

		/** {@code getConnection()} failed: the client had no connection to give. */
		BORROW_FAILED,

		/** The insert failed on a borrowed connection (e.g. the server died under it). */
		STATEMENT_FAILED

	}

}
