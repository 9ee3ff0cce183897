package io.github.failoverds.benchmarks.vthreads;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.github.failoverds.routing.FailoverDataSource;
import io.github.failoverds.testsupport.EmbeddedPostgresNode;
import io.github.failoverds.testsupport.VirtualThreads;

/**
 * The scenario {@value #ID} of the runner (SPEC.md: virtual threads, 200 threads, pools of 10): on two embedded
 * PostgreSQL servers, (a) the throughput of 200 virtual threads doing borrow, {@code SELECT 1}, return through raw
 * HikariCP and through a {@link FailoverDataSource}, both with the same pool settings, trial by trial in
 * alternating order, and (b) a SIGKILL of the primary, then of the standby, under 200 virtual writers
 * ({@link VirtualThreadFailover}).
 * Needs Java 21 or later.
 *
 * @param trials throughput trials of each data source
 * @param trialLength the measured window of each trial
 * @param out where the results go
 */
public record VirtualThreadScenario(int trials, Duration trialLength, PrintStream out) {

	/** The scenario's name on the runner's command line. */
	public static final String ID = "virtual-threads";

	static final int THREADS = 200;

	static final int POOL_SIZE = 10;

	/** SPEC.md: the failover data source's throughput relative to raw HikariCP. */
	private static final double TARGET_RATIO = 0.95;

	private static final Duration WARM_UP = Duration.ofSeconds(3);

	/**
	 * Why this JVM cannot run the scenario.
	 * @return the reason, empty on Java 21 or later
	 */
	public static Optional<String> unavailableReason() {
		return VirtualThreads.available() ? Optional.empty() : Optional.of(VirtualThreads.unavailableReason());
	}

	/**
	 * Start the servers, run both parts and print their results.
	 * @throws Exception if a part cannot be run
	 */
	public void run() throws Exception {
		this.out.printf(Locale.ROOT, "%n== %s: %d virtual threads, pools of %d, Java %s%n", ID, THREADS, POOL_SIZE,
				Runtime.version());
		List<EmbeddedPostgresNode> servers = EmbeddedPostgresNode.startAll("primary", "standby");
		try {
			throughput(servers);
			new VirtualThreadFailover(servers.get(0), servers.get(1), this.out).run();
		}
		finally {
			servers.forEach(EmbeddedPostgresNode::close);
		}
	}

	private void throughput(List<EmbeddedPostgresNode> servers) throws InterruptedException {
		this.out.printf(Locale.ROOT, "%n-- throughput: borrow, SELECT 1, return; %d s warm-up, %d s measured per trial%n",
				WARM_UP.toSeconds(), this.trialLength.toSeconds());
		this.out.printf(Locale.ROOT, "%-6s %-14s %16s %22s %10s%n", "trial", "order", "HikariCP ops/s",
				"failover-datasource ops/s", "ratio");
		VirtualThreadLoad load = new VirtualThreadLoad(THREADS, WARM_UP, this.trialLength);
		double[] ratios = new double[this.trials];
		for (int trial = 0; trial < this.trials; trial++) {
			boolean hikariFirst = trial % 2 == 0;
			double first = hikariFirst ? hikari(servers.get(0), load) : failover(servers, load);
			double second = hikariFirst ? failover(servers, load) : hikari(servers.get(0), load);
			double hikari = hikariFirst ? first : second;
			double failover = hikariFirst ? second : first;
			ratios[trial] = failover / hikari;
			this.out.printf(Locale.ROOT, "%-6d %-14s %16.0f %22.0f %10.3f%n", trial + 1,
					hikariFirst ? "Hikari first" : "failover first", hikari, failover, ratios[trial]);
		}
		double[] sorted = ratios.clone();
		Arrays.sort(sorted);
		double median = (sorted.length % 2 == 1) ? sorted[sorted.length / 2]
				: (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
		this.out.printf(Locale.ROOT, "ratio failover-datasource / HikariCP: median %.3f, min %.3f, max %.3f "
				+ "(target >= %.2f: %s)%n", median, sorted[0], sorted[sorted.length - 1], TARGET_RATIO,
				(median >= TARGET_RATIO) ? "met" : "MISSED");
	}

	private static double hikari(EmbeddedPostgresNode primary, VirtualThreadLoad load) throws InterruptedException {
		try (HikariDataSource dataSource = new HikariDataSource(poolConfig(primary))) {
			return load.opsPerSecond(dataSource);
		}
	}

	private static double failover(List<EmbeddedPostgresNode> servers, VirtualThreadLoad load)
			throws InterruptedException {
		try (FailoverDataSource dataSource = failoverDataSource(servers)) {
			return load.opsPerSecond(dataSource);
		}
	}

	/**
	 * A failover data source over the servers, the first preferred, each pool as {@link #poolConfig} makes it;
	 * probes every second, DOWN after two failures, no fail-back.
	 * @param servers the servers in priority order
	 * @return the started data source
	 */
	static FailoverDataSource failoverDataSource(List<EmbeddedPostgresNode> servers) {
		var builder = FailoverDataSource.builder()
			.health(Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 3, 100)
			.failback(false, Duration.ZERO);
		servers.forEach((server) -> builder.node(server.name(), poolConfig(server)));
		return builder.build();
	}

	/**
	 * The pool settings of both sides: {@value #POOL_SIZE} connections, HikariCP's defaults otherwise.
	 * @param server the server
	 * @return a fresh configuration
	 */
	static HikariConfig poolConfig(EmbeddedPostgresNode server) {
		HikariConfig config = server.poolConfig(POOL_SIZE);
		config.setPoolName(server.name() + "-" + System.nanoTime());
		return config;
	}

}
