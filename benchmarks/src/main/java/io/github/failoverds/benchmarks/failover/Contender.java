package io.github.failoverds.benchmarks.failover;

import java.time.Duration;
import java.util.Map;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.github.failoverds.routing.FailoverDataSource;

/**
 * The clients compared in each scenario, both built without Spring and with the same driver and pool
 * settings: the starter's core ({@link FailoverDataSource}, one HikariCP pool per node) and what a user
 * has without it (one HikariCP pool over a pgjdbc multi-host URL with {@code targetServerType=primary}).
 */
public enum Contender {

	/** The starter's {@link FailoverDataSource}, as its builder makes it. */
	FAILOVER_DATASOURCE("failover-datasource", true) {
		@Override
		Client open(Cluster cluster, boolean viaProxy) {
			StatusChangeListener detector = new StatusChangeListener(PRIMARY);
			FailoverDataSource dataSource = FailoverDataSource.builder()
				.node(PRIMARY, poolConfig(url(cluster.primaryAddress(viaProxy))))
				.node("standby", poolConfig(url(cluster.standbyAddress())))
				.connectionTimeout(CONNECTION_TIMEOUT)
				.health(HEALTH_INTERVAL, HEALTH_TIMEOUT, FAILURE_THRESHOLD, RECOVERY_THRESHOLD, 100)
				.failback(true, FAILBACK_DELAY)
				.listener(detector)
				.build();
			return new Client(dataSource, dataSource, detector);
		}
	},

	/** Plain HikariCP over pgjdbc's multi-host failover. */
	HIKARI_MULTI_HOST("HikariCP + pgjdbc multi-host", false) {
		@Override
		Client open(Cluster cluster, boolean viaProxy) {
			HikariConfig config = poolConfig(url(cluster.primaryAddress(viaProxy) + "," + cluster.standbyAddress())
					+ "?targetServerType=primary&hostRecheckSeconds=" + HOST_RECHECK_SECONDS);
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

	/** HikariCP's {@code connectionTimeout}, and the failover data source's budget per borrow. */
	static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

	static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(1);

	static final Duration HEALTH_INTERVAL = Duration.ofSeconds(1);

	static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(1);

	static final int FAILURE_THRESHOLD = 2;

	static final int RECOVERY_THRESHOLD = 3;

	static final Duration FAILBACK_DELAY = Duration.ofSeconds(2);

	static final int HOST_RECHECK_SECONDS = 2;

	private static final String PRIMARY = "primary";

	private final String label;

	private final boolean hasDetector;

	Contender(String label, boolean hasDetector) {
		this.label = label;
		this.hasDetector = hasDetector;
	}

	/**
	 * Start the client's pools against the cluster.
	 * @param cluster the servers
	 * @param viaProxy whether the primary is reached through the fault proxy
	 * @return the started client
	 */
	abstract Client open(Cluster cluster, boolean viaProxy);

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

	private static String url(String hosts) {
		return "jdbc:postgresql://" + hosts + "/postgres";
	}

	private static HikariConfig poolConfig(String jdbcUrl) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(jdbcUrl);
		config.setUsername("postgres");
		config.setPassword("postgres");
		config.setMaximumPoolSize(POOL_SIZE);
		config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
		config.setValidationTimeout(VALIDATION_TIMEOUT.toMillis());
		DRIVER_PROPERTIES.forEach(config::addDataSourceProperty);
		return config;
	}

}
