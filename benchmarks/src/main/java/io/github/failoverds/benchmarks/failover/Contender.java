package io.github.failoverds.benchmarks.failover;

import java.time.Duration;
import java.util.Map;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.github.failoverds.routing.FailoverDataSource;
import io.github.failoverds.routing.FailoverDataSourceBuilder;

/**
 * The clients compared in each scenario, both built without Spring and with the same driver and pool
 * settings: the starter's core ({@link FailoverDataSource}, one HikariCP pool per node) and what a user
 * has without it (one HikariCP pool over a pgjdbc multi-host URL with {@code targetServerType=primary}).
 */
public enum Contender {

	/** The starter's {@link FailoverDataSource}, as its builder makes it, with SPEC.md's default health settings. */
	FAILOVER_DATASOURCE("failover-datasource", true) {
		@Override
		Client open(Topology topology, Budget budget) {
			return openFailoverDataSource(topology, budget, HEALTH_INTERVAL, HEALTH_TIMEOUT);
		}
	},

	/**
	 * The same with the health settings the README recommends for fast failover ({@value #FAST_INTERVAL_MILLIS} ms
	 * interval, {@value #FAST_TIMEOUT_MILLIS} ms timeout, the same thresholds).
	 */
	FAILOVER_DATASOURCE_FAST("failover-datasource, fast", true) {
		@Override
		Client open(Topology topology, Budget budget) {
			return openFailoverDataSource(topology, budget, Duration.ofMillis(FAST_INTERVAL_MILLIS),
					Duration.ofMillis(FAST_TIMEOUT_MILLIS));
		}
	},

	/** Plain HikariCP over pgjdbc's multi-host failover. */
	HIKARI_MULTI_HOST("HikariCP + pgjdbc multi-host", false) {
		@Override
		Client open(Topology topology, Budget budget) {
			HikariConfig config = poolConfig(topology,
					topology.multiHostUrl() + "?targetServerType=primary&hostRecheckSeconds=" + HOST_RECHECK_SECONDS,
					budget);
			config.setPoolName("multi-host");
			HikariDataSource dataSource = new HikariDataSource(config);
			return new Client(dataSource, dataSource, null);
		}
	};

	/**
	 * pgjdbc settings of both clients, in seconds. {@code socketTimeout} also bounds a login that gets no
	 * answer; no {@code loginTimeout}, which costs a thread per attempt on a silent host.
	 */
	static final Map<String, String> DRIVER_PROPERTIES = Map.of("connectTimeout", "1", "socketTimeout", "5");

	static final int POOL_SIZE = 8;

	static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(1);

	static final Duration HEALTH_INTERVAL = Duration.ofSeconds(1);

	static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(1);

	static final int FAILURE_THRESHOLD = 2;

	static final int RECOVERY_THRESHOLD = 3;

	static final Duration FAILBACK_DELAY = Duration.ofSeconds(2);

	/** {@code failover.datasource.health.interval} recommended in the README for fast failover. */
	static final long FAST_INTERVAL_MILLIS = 100;

	/** {@code failover.datasource.health.timeout} recommended in the README for fast failover. */
	static final long FAST_TIMEOUT_MILLIS = 200;

	static final int HOST_RECHECK_SECONDS = 2;

	private final String label;

	private final boolean hasDetector;

	Contender(String label, boolean hasDetector) {
		this.label = label;
		this.hasDetector = hasDetector;
	}

	/**
	 * Start the client's pools.
	 * @param topology the servers, the primary first
	 * @param budget how long a borrow may wait
	 * @return the started client
	 */
	abstract Client open(Topology topology, Budget budget);

	public String label() {
		return this.label;
	}

	/**
	 * Whether the client tells when it finds the primary DOWN or UP (a plain pool has no such notion).
	 * @return {@code true} if it does
	 */
	public boolean hasDetector() {
		return this.hasDetector;
	}

	private static Client openFailoverDataSource(Topology topology, Budget budget, Duration interval, Duration timeout) {
		StatusChangeListener detector = new StatusChangeListener(topology.primary());
		FailoverDataSourceBuilder builder = FailoverDataSource.builder();
		for (Topology.Node node : topology.nodes()) {
			builder.node(node.name(), poolConfig(topology, topology.url(node), budget));
		}
		FailoverDataSource dataSource = builder.connectionTimeout(budget.connectionTimeout())
			.awaitWritable(budget.awaitWritable())
			.health(interval, timeout, FAILURE_THRESHOLD, RECOVERY_THRESHOLD, 100)
			.failback(true, FAILBACK_DELAY)
			.listener(detector)
			.build();
		return new Client(dataSource, dataSource, detector);
	}

	private static HikariConfig poolConfig(Topology topology, String jdbcUrl, Budget budget) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(jdbcUrl);
		config.setUsername(topology.username());
		config.setPassword(topology.password());
		config.setMaximumPoolSize(POOL_SIZE);
		config.setConnectionTimeout(budget.connectionTimeout().toMillis());
		config.setValidationTimeout(VALIDATION_TIMEOUT.toMillis());
		DRIVER_PROPERTIES.forEach(config::addDataSourceProperty);
		return config;
	}

	/**
	 * How long a borrow may wait, the same for both clients: HikariCP's {@code connectionTimeout} (each pool's,
	 * and the failover data source's budget per borrow), and how long the failover data source waits for a
	 * writable node within it.
	 *
	 * @param connectionTimeout the budget of one {@code getConnection()}
	 * @param awaitWritable the failover data source's {@code await-writable}
	 */
	public record Budget(Duration connectionTimeout, Duration awaitWritable) {

		/**
		 * For faults where a writable standby is there at once: 5 s (a longer wait for a writable node could
		 * not outlast the budget anyway).
		 */
		public static final Budget STANDARD = new Budget(Duration.ofSeconds(5), Duration.ofSeconds(5));

		/**
		 * For faults where writes must wait for a promotion: long enough to ride through Patroni's (about 6.5 s
		 * after a crash) with room to spare.
		 */
		public static final Budget RIDE_THROUGH = new Budget(Duration.ofSeconds(20), Duration.ofSeconds(15));

	}

}
