package io.github.failoverds.benchmarks.overhead;

/**
 * What the benchmarked pools connect to.
 */
public enum Backend {

	/** {@link StubDriver}: connections that do nothing, to isolate the cost of the pool and the routing. */
	STUB,

	/** Real PostgreSQL servers (embedded, on 127.0.0.1), one per node. */
	POSTGRESQL

}
