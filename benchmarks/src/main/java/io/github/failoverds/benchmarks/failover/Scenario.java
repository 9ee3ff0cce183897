package io.github.failoverds.benchmarks.failover;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import io.github.failoverds.benchmarks.failover.Contender.Budget;

/**
 * A fault injected into the primary while the load runs, the servers it needs, and how long its effects are
 * watched.
 */
public enum Scenario {

	/** The primary's processes are SIGKILLed: connections break, new ones are refused. */
	SIGKILL("sigkill", "primary SIGKILLed (postmaster and backends)", Testbed.INDEPENDENT_SERVERS, false, "standby",
			Duration.ofSeconds(6), Budget.STANDARD) {
		@Override
		Fault inject(Cluster cluster) {
			return timed(cluster, (servers) -> servers.primary().kill(), true);
		}
	},

	/**
	 * The primary is shut down cleanly ({@code pg_ctl stop -m fast}, as an operator or a container stop would):
	 * sessions in use get {@code 57P01} (terminating connection due to administrator command), new connections
	 * are refused.
	 */
	SHUTDOWN("shutdown", "primary shut down cleanly (pg_ctl stop -m fast)", Testbed.INDEPENDENT_SERVERS, false,
			"standby", Duration.ofSeconds(6), Budget.STANDARD) {
		@Override
		Fault inject(Cluster cluster) {
			return timed(cluster, (servers) -> servers.primary().stop(), true);
		}
	},

	/** A network partition: packets to and from the primary are dropped, nothing is reset. */
	BLACK_HOLE("blackhole", "primary black-holed (packets dropped, no RST)", Testbed.INDEPENDENT_SERVERS, true,
			"standby", Duration.ofSeconds(8), Budget.STANDARD) {
		@Override
		Fault inject(Cluster cluster) {
			return timed(cluster, (servers) -> servers.primaryProxy().blackHole(), true);
		}
	},

	/**
	 * The primary becomes slow (50 ms more per round trip, which the pools can still carry at the load's
	 * rate): no failover is due and no request should fail.
	 */
	LATENCY("latency", "primary slowed by 25 ms each way; no failover is due", Testbed.INDEPENDENT_SERVERS, true,
			"primary", Duration.ofSeconds(5), Budget.STANDARD) {
		@Override
		Fault inject(Cluster cluster) {
			return timed(cluster, (servers) -> servers.primaryProxy().latency(Duration.ofMillis(25)), false);
		}
	},

	/** Every connection to the primary is reset (RST) once; the primary stays up. */
	RESET("reset", "every connection to the primary reset (RST) once; the primary stays up",
			Testbed.INDEPENDENT_SERVERS, true, "primary", Duration.ofSeconds(5), Budget.STANDARD) {
		@Override
		Fault inject(Cluster cluster) {
			return timed(cluster, (servers) -> servers.primaryProxy().resetAll(), false);
		}
	},

	/**
	 * The client starts while the primary is down (it serves from the standby), then the primary is
	 * restarted: the client should move back to it without a failed request. Timed from the moment the
	 * restarted primary accepts connections.
	 */
	FAILBACK("failback", "crashed primary restarted (fail-back); timed from when it accepts connections",
			Testbed.INDEPENDENT_SERVERS, false, "primary", Duration.ofSeconds(10), Budget.STANDARD) {
		@Override
		void prepare(Cluster cluster) {
			independent(cluster).primary().kill();
		}

		@Override
		Fault inject(Cluster cluster) {
			IndependentServers servers = independent(cluster);
			servers.primary().restart();
			return Fault.at(System.nanoTime(), servers.primary().port());
		}
	},

	/**
	 * Streaming replication with a synchronous, read-only standby: the primary is SIGKILLed, and the standby is
	 * promoted ({@code pg_promote()}) {@value #PROMOTION_DELAY_SECONDS} s later, as an HA manager would. Writes
	 * have nowhere to go in between.
	 */
	CRASH_THEN_PROMOTE("crash-then-promote",
			"primary SIGKILLed, its synchronous standby promoted (pg_promote) " + Scenario.PROMOTION_DELAY_SECONDS
					+ " s later",
			Testbed.STREAMING_REPLICATION, false, "promoted standby", Duration.ofSeconds(10), Budget.RIDE_THROUGH) {
		@Override
		Fault inject(Cluster cluster) {
			return replication(cluster).crashPrimaryThenPromote(Duration.ofSeconds(Scenario.PROMOTION_DELAY_SECONDS));
		}
	},

	/**
	 * A planned switchover by Patroni: the leader checkpoints and shuts down (fast), the synchronous standby is
	 * promoted, the old leader rejoins as a replica. Timed from the request.
	 */
	PATRONI_SWITCHOVER("patroni-switchover", "Patroni planned switchover to the synchronous standby (POST /switchover)",
			Testbed.PATRONI, false, "candidate (new leader)", Duration.ofSeconds(10), Budget.RIDE_THROUGH) {
		@Override
		Fault inject(Cluster cluster) {
			return patroni(cluster).switchover();
		}
	},

	/**
	 * The Patroni leader crashes (agent and PostgreSQL SIGKILLed); Patroni promotes the synchronous standby once
	 * the leader key expires ({@code ttl} 6 s).
	 */
	PATRONI_CRASH("patroni-crash", "Patroni leader SIGKILLed (agent and PostgreSQL); promotion after the ttl",
			Testbed.PATRONI, false, "survivor (new leader)", Duration.ofSeconds(15), Budget.RIDE_THROUGH) {
		@Override
		Fault inject(Cluster cluster) {
			return patroni(cluster).crashLeader();
		}
	};

	/** From the crash of the primary to the promotion of the standby in {@link #CRASH_THEN_PROMOTE}. */
	static final int PROMOTION_DELAY_SECONDS = 3;

	private final String id;

	private final String description;

	private final Testbed testbed;

	private final boolean viaProxy;

	private final String expectedNode;

	private final Duration window;

	private final Budget budget;

	Scenario(String id, String description, Testbed testbed, boolean viaProxy, String expectedNode, Duration window,
			Budget budget) {
		this.id = id;
		this.description = description;
		this.testbed = testbed;
		this.viaProxy = viaProxy;
		this.expectedNode = expectedNode;
		this.window = window;
		this.budget = budget;
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
	 * @param cluster the cluster, {@linkplain Cluster#setUp() set up}
	 */
	void prepare(Cluster cluster) {
	}

	/**
	 * Inject the fault.
	 * @param cluster the cluster, of the scenario's {@link #testbed()}
	 * @return the fault as injected
	 */
	abstract Fault inject(Cluster cluster);

	public String id() {
		return this.id;
	}

	public String description() {
		return this.description;
	}

	/**
	 * The servers the scenario runs against.
	 * @return their kind
	 */
	public Testbed testbed() {
		return this.testbed;
	}

	/**
	 * Whether clients reach the primary through the fault proxy (for network faults) or directly.
	 * @return {@code true} through the proxy
	 */
	public boolean viaProxy() {
		return this.viaProxy;
	}

	/**
	 * Whether the fault ends in the promotion of a read-only standby, so that the figures after it accepts
	 * writes apply.
	 * @return {@code true} if it does
	 */
	public boolean promotes() {
		return this.testbed != Testbed.INDEPENDENT_SERVERS;
	}

	/**
	 * The server that should serve after the fault.
	 * @return e.g. {@code standby}
	 */
	public String expectedNode() {
		return this.expectedNode;
	}

	/**
	 * How long after the fault the load keeps running.
	 * @return the observation window
	 */
	public Duration window() {
		return this.window;
	}

	/**
	 * How long the clients' borrows may wait.
	 * @return the clients' budget
	 */
	public Budget budget() {
		return this.budget;
	}

	/**
	 * The clients this scenario compares: on independent servers also the starter with the health settings
	 * recommended for fast failover (and shown not to fail over where no failover is due).
	 * @return the clients, in the order of the first trial
	 */
	public List<Contender> contenders() {
		return (this.testbed == Testbed.INDEPENDENT_SERVERS) ? List.of(Contender.values())
				: List.of(Contender.FAILOVER_DATASOURCE, Contender.HIKARI_MULTI_HOST);
	}

	/**
	 * Inject a fault into independent servers, timed from just before it.
	 * @param fault what to do to the servers
	 * @param standbyServes whether the standby should serve after it (else the primary)
	 */
	private static Fault timed(Cluster cluster, Consumer<IndependentServers> fault, boolean standbyServes) {
		IndependentServers servers = independent(cluster);
		long at = System.nanoTime();
		fault.accept(servers);
		return Fault.at(at, (standbyServes ? servers.standby() : servers.primary()).port());
	}

	private static IndependentServers independent(Cluster cluster) {
		return (IndependentServers) cluster;
	}

	private static StreamingReplication replication(Cluster cluster) {
		return (StreamingReplication) cluster;
	}

	private static PatroniServers patroni(Cluster cluster) {
		return (PatroniServers) cluster;
	}

}
