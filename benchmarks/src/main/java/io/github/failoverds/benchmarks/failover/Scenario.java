package io.github.failoverds.benchmarks.failover;

import java.time.Duration;

/**
 * A fault injected into the primary while the load runs, and how long its effects are watched.
 */
public enum Scenario {

	/** The primary's processes are SIGKILLed: connections break, new ones are refused. */
	SIGKILL("sigkill", "primary SIGKILLed (postmaster and backends)", false, true, Duration.ofSeconds(6)) {
		@Override
		long inject(Cluster cluster) {
			long at = System.nanoTime();
			cluster.primary().kill();
			return at;
		}
	},

	/** A network partition: packets to and from the primary are dropped, nothing is reset. */
	BLACK_HOLE("blackhole", "primary black-holed (packets dropped, no RST)", true, true, Duration.ofSeconds(8)) {
		@Override
		long inject(Cluster cluster) {
			long at = System.nanoTime();
			cluster.primaryProxy().blackHole();
			return at;
		}
	},

	/**
	 * The primary becomes slow (50 ms more per round trip, which the pools can still carry at the load's
	 * rate): no failover is due and no request should fail.
	 */
	LATENCY("latency", "primary slowed by 25 ms each way; no failover is due", true, false, Duration.ofSeconds(5)) {
		@Override
		long inject(Cluster cluster) {
			long at = System.nanoTime();
			cluster.primaryProxy().latency(Duration.ofMillis(25));
			return at;
		}
	},

	/** Every connection to the primary is reset (RST) once; the primary stays up. */
	RESET("reset", "every connection to the primary reset (RST) once; the primary stays up", true, false,
			Duration.ofSeconds(5)) {
		@Override
		long inject(Cluster cluster) {
			long at = System.nanoTime();
			cluster.primaryProxy().resetAll();
			return at;
		}
	},

	/**
	 * The client starts while the primary is down (it serves from the standby), then the primary is
	 * restarted: the client should move back to it without a failed request. Timed from the moment the
	 * restarted primary accepts connections.
	 */
	FAILBACK("failback", "crashed primary restarted (fail-back); timed from when it accepts connections", false,
			false, Duration.ofSeconds(10)) {
		@Override
		void prepare(Cluster cluster) {
			cluster.primary().kill();
		}

		@Override
		long inject(Cluster cluster) {
			cluster.primary().restart();
			return System.nanoTime();
		}
	};

	private final String id;

	private final String description;

	private final boolean viaProxy;

	private final boolean servesFromStandby;

	private final Duration window;

	Scenario(String id, String description, boolean viaProxy, boolean servesFromStandby, Duration window) {
		this.id = id;
		this.description = description;
		this.viaProxy = viaProxy;
		this.servesFromStandby = servesFromStandby;
		this.window = window;
	}

	/**
	 * Find a scenario by its command-line name.
	 * @param id e.g. {@code sigkill}
	 * @return the scenario
	 * @throws IllegalArgumentException for an unknown name
	 */
	public static Scenario of(String id) {
		for (Scenario scenario : values()) {
			if (scenario.id.equals(id)) {
				return scenario;
			}
		}
		throw new IllegalArgumentException("Unknown scenario '" + id + "'");
	}

	/**
	 * Bring the cluster into the scenario's starting state, before the client starts.
	 * @param cluster the cluster
	 */
	void prepare(Cluster cluster) {
	}

	/**
	 * Inject the fault.
	 * @param cluster the cluster
	 * @return when the fault took effect ({@link System#nanoTime()})
	 */
	abstract long inject(Cluster cluster);

	public String id() {
		return this.id;
	}

	public String description() {
		return this.description;
	}

	/**
	 * Whether clients reach the primary through the fault proxy (for network faults) or directly.
	 * @return {@code true} through the proxy
	 */
	public boolean viaProxy() {
		return this.viaProxy;
	}

	/**
	 * The port of the server that should serve after the fault.
	 * @param cluster the cluster
	 * @return the standby's port after a failover, else the primary's
	 */
	public int expectedPort(Cluster cluster) {
		return this.servesFromStandby ? cluster.standby().port() : cluster.primary().port();
	}

	/**
	 * The name of the server that should serve after the fault.
	 * @return {@code standby} or {@code primary}
	 */
	public String expectedNode() {
		return this.servesFromStandby ? "standby" : "primary";
	}

	/**
	 * How long after the fault the load keeps running.
	 * @return the observation window
	 */
	public Duration window() {
		return this.window;
	}

}
