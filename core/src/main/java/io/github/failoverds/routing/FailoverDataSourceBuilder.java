package io.github.failoverds.routing;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariCredentialsProvider;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.DriverDataSource;

import io.github.failoverds.health.NodeStatus;
import io.github.failoverds.support.SecretMasker;
import io.github.failoverds.health.NodeHealth;
import io.github.failoverds.health.NodeHealthMonitor;
import io.github.failoverds.health.NodeProbe;
import io.github.failoverds.health.RoleCheck;
import io.github.failoverds.leak.ConnectionTracker;

/**
 * Builds a {@link FailoverDataSource}: starts one HikariCP pool per node, probes every node once,
 * chooses the active node and starts the probe loop. Usable without Spring.
 */
public final class FailoverDataSourceBuilder {

	private static final Pattern URL_PASSWORD = Pattern.compile("(?i)password=([^&;]*)");

	private static final long MIN_VALIDATION_TIMEOUT_MILLIS = 250;

	private final List<HikariConfig> nodeConfigs = new ArrayList<>();

	private final List<FailoverListener> listeners = new ArrayList<>();

	private Duration connectionTimeout = Duration.ofSeconds(30);

	private Duration healthInterval = Duration.ofSeconds(1);

	private Duration healthTimeout = Duration.ofSeconds(1);

	private int failureThreshold = 2;

	private int recoveryThreshold = 3;

	private int historySize = 100;

	private boolean failbackEnabled = true;

	private Duration failbackDelay = Duration.ofSeconds(10);

	private String roleCheck = RoleCheck.AUTO;

	private boolean requireNode = true;

	private Duration leakThreshold = Duration.ZERO;

	private boolean captureBorrowStackTrace;

	private Clock clock = Clock.systemUTC();

	private FailoverDataSource.ReadWriteRouter readWriteRouter;

	FailoverDataSourceBuilder() {
	}

	/**
	 * Add a node; nodes are in priority order, the first added is the preferred primary. The
	 * configuration's pool name is set to the node name.
	 * @param name the node name
	 * @param config the node's complete HikariCP configuration (with a JDBC URL); its
	 * {@link HikariConfig#getCredentialsProvider() credentials provider}, if any, gives the credentials of the
	 * node's probe connections too
	 * @return this builder
	 */
	public FailoverDataSourceBuilder node(String name, HikariConfig config) {
		config.setPoolName(name);
		this.nodeConfigs.add(config);
		return this;
	}

	/**
	 * Total budget of one {@code getConnection()} across all nodes.
	 * @param connectionTimeout the budget
	 * @return this builder
	 */
	public FailoverDataSourceBuilder connectionTimeout(Duration connectionTimeout) {
		this.connectionTimeout = connectionTimeout;
		return this;
	}

	/**
	 * Probe settings.
	 * @param interval probe period per node
	 * @param timeout limit of one probe
	 * @param failureThreshold failed probes in a row before a node is DOWN
	 * @param recoveryThreshold healthy probes in a row before a DOWN node is UP again
	 * @param historySize probe results kept per node
	 * @return this builder
	 */
	public FailoverDataSourceBuilder health(Duration interval, Duration timeout, int failureThreshold,
			int recoveryThreshold, int historySize) {
		this.healthInterval = interval;
		this.healthTimeout = timeout;
		this.failureThreshold = failureThreshold;
		this.recoveryThreshold = recoveryThreshold;
		this.historySize = historySize;
		return this;
	}

	/**
	 * Fail-back settings.
	 * @param enabled whether to return to a higher-priority node when it is healthy again
	 * @param delay how long it must be UP first
	 * @return this builder
	 */
	public FailoverDataSourceBuilder failback(boolean enabled, Duration delay) {
		this.failbackEnabled = enabled;
		this.failbackDelay = delay;
		return this;
	}

	/**
	 * How to tell a node's role: {@code auto}, {@code none} or SQL returning {@code true} when
	 * read-only.
	 * @param roleCheck the setting
	 * @return this builder
	 */
	public FailoverDataSourceBuilder roleCheck(String roleCheck) {
		this.roleCheck = roleCheck;
		return this;
	}

	/**
	 * Whether {@link #build()} fails when no node can be reached.
	 * @param requireNode {@code true} to fail
	 * @return this builder
	 */
	public FailoverDataSourceBuilder requireNode(boolean requireNode) {
		this.requireNode = requireNode;
		return this;
	}

	/**
	 * Leak detection: track every borrowed connection and report one held longer than the threshold as
	 * a suspected leak (see {@link ConnectionTracker}). Off unless set.
	 * @param threshold how long a connection may be held; zero turns leak detection off
	 * @param captureStackTrace whether to record where each connection was borrowed
	 * @return this builder
	 */
	public FailoverDataSourceBuilder leakDetection(Duration threshold, boolean captureStackTrace) {
		this.leakThreshold = threshold;
		this.captureBorrowStackTrace = captureStackTrace;
		return this;
	}

	/**
	 * Split reads from writes: every connection goes through the router, which chooses between the
	 * writable node and the replicas.
	 * @param readWriteRouter creates the routing data source
	 * @return this builder
	 */
	public FailoverDataSourceBuilder readWriteRouter(FailoverDataSource.ReadWriteRouter readWriteRouter) {
		this.readWriteRouter = readWriteRouter;
		return this;
	}

	/**
	 * Add a listener of node and routing changes.
	 * @param listener the listener
	 * @return this builder
	 */
	public FailoverDataSourceBuilder listener(FailoverListener listener) {
		this.listeners.add(listener);
		return this;
	}

	/**
	 * The clock that stamps probe results and events (tests may use another).
	 * @param clock the clock
	 * @return this builder
	 */
	public FailoverDataSourceBuilder clock(Clock clock) {
		this.clock = clock;
		return this;
	}

	/**
	 * Start the pools and the probes.
	 * @return the data source
	 * @throws NoReachableNodeException when no node can be reached and one is required
	 */
	public FailoverDataSource build() {
		NodeHealthMonitor monitor = new NodeHealthMonitor(this.healthInterval, this.healthTimeout, this.clock);
		List<DatabaseNode> nodes = new ArrayList<>();
		FailoverPolicy policy = null;
		try {
			List<NodeProbe> probes = new ArrayList<>();
			for (HikariConfig config : this.nodeConfigs) {
				SecretMasker masker = secretsOf(config);
				config.setInitializationFailTimeout(-1);
				// HikariCP validates an idle connection on the borrowing thread; on a silent node that must
				// not take longer than a probe may (HikariCP's floor is 250 ms)
				config.setValidationTimeout(Math.min(config.getValidationTimeout(),
						Math.max(MIN_VALIDATION_TIMEOUT_MILLIS, this.healthTimeout.toMillis())));
				DriverDefaults.applyTo(config);
				HikariDataSource pool = new HikariDataSource(config);
				NodeHealth health = new NodeHealth(this.failureThreshold, this.recoveryThreshold, this.historySize);
				nodes.add(new DatabaseNode(config.getPoolName(), nodes.size(), pool, health, masker));
				probes.add(new NodeProbe(probeConnections(config), RoleCheck.of(this.roleCheck, config.getJdbcUrl()),
						this.healthTimeout, masker));
			}
			policy = new FailoverPolicy(nodes, this.failbackEnabled, this.failbackDelay, this.clock, this.listeners);
			for (int i = 0; i < nodes.size(); i++) {
				DatabaseNode node = nodes.get(i);
				FailoverPolicy decisions = policy;
				long refillTimeoutMillis = this.healthTimeout.toMillis();
				monitor.add(node.name(), probes.get(i), (result) -> {
					if (result.healthy() && node.health().status() == NodeStatus.DOWN) {
						node.refillIfEmpty(refillTimeoutMillis);
					}
					decisions.onProbe(node, result);
				});
			}
			monitor.probeAllOnce();
			policy.initialize();
			if (this.requireNode && nodes.stream().noneMatch((node) -> node.health().isUp())) {
				throw NoReachableNodeException.of(nodes);
			}
			monitor.start();
			return new FailoverDataSource(nodes, policy, monitor, this.connectionTimeout, this.readWriteRouter,
					new ConnectionTracker(this.leakThreshold, this.captureBorrowStackTrace, totalCapacity(nodes), this.clock));
		}
		catch (RuntimeException ex) {
			monitor.close();
			nodes.forEach((node) -> node.pool().close());
			throw ex;
		}
	}

	private static int totalCapacity(List<DatabaseNode> nodes) {
		return nodes.stream().mapToInt((node) -> node.pool().getMaximumPoolSize()).sum();
	}

	/**
	 * A source of new, unpooled connections for the probe, with the pool's settings and credentials (those
	 * of the pool's {@link HikariConfig#getCredentialsProvider() credentials provider}, asked for every
	 * connection, when it has one) and, for PostgreSQL, connect and read timeouts no longer than one probe.
	 * No {@code loginTimeout}: pgjdbc enforces it on a new thread per attempt that outlives the timeout
	 * while its socket hangs, so on a partitioned node every probe would leave a thread behind; the connect
	 * and read timeouts bound the attempt on the probe's own I/O thread instead.
	 */
	private DataSource probeConnections(HikariConfig config) {
		Properties properties = new Properties();
		properties.putAll(config.getDataSourceProperties());
		String url = config.getJdbcUrl();
		if (url != null && url.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:")) {
			String seconds = String.valueOf(Math.max(1, (this.healthTimeout.toMillis() + 999) / 1000));
			properties.setProperty("connectTimeout", seconds);
			properties.setProperty("socketTimeout", seconds);
			properties.setProperty("loginTimeout", "0");
		}
		DriverDataSource connections = new DriverDataSource(url, config.getDriverClassName(), properties,
				config.getUsername(), config.getPassword());
		HikariCredentialsProvider credentialsProvider = config.getCredentialsProvider();
		return (credentialsProvider != null) ? new CurrentCredentialsDataSource(connections, credentialsProvider)
				: connections;
	}

	private static SecretMasker secretsOf(HikariConfig config) {
		List<String> secrets = new ArrayList<>();
		secrets.add(config.getPassword());
		secrets.add(config.getDataSourceProperties().getProperty("password"));
		if (config.getJdbcUrl() != null) {
			Matcher matcher = URL_PASSWORD.matcher(config.getJdbcUrl());
			while (matcher.find()) {
				secrets.add(matcher.group(1));
			}
		}
		return new SecretMasker(secrets.toArray(String[]::new));
	}

}
