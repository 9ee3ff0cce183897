package io.github.failoverds.routing;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariCredentialsProvider;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.DriverDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.failoverds.support.SecretMasker;
import io.github.failoverds.health.NodeHealth;
import io.github.failoverds.health.NodeHealthMonitor;
import io.github.failoverds.health.NodeProbe;
import io.github.failoverds.health.PrimaryPositions;
import io.github.failoverds.health.ReplicationCheck;
import io.github.failoverds.leak.ConnectionTracker;

/**
 * Builds a {@link FailoverDataSource}: starts one HikariCP pool per node, probes every node once,
 * chooses the active node and starts the probe loop. Usable without Spring.
 */
public final class FailoverDataSourceBuilder {

	private static final Logger logger = LoggerFactory.getLogger(FailoverDataSourceBuilder.class);

	private static final long MIN_VALIDATION_TIMEOUT_MILLIS = 250;

	private final List<HikariConfig> nodeConfigs = new ArrayList<>();

	private final List<FailoverListener> listeners = new ArrayList<>();

	private Duration connectionTimeout = FailoverDefaults.CONNECTION_TIMEOUT;

	private Duration awaitWritable = FailoverDefaults.AWAIT_WRITABLE;

	private Probing probing = new Probing(FailoverDefaults.HEALTH_INTERVAL, FailoverDefaults.HEALTH_TIMEOUT,
			FailoverDefaults.FAILURE_THRESHOLD, FailoverDefaults.RECOVERY_THRESHOLD, FailoverDefaults.HISTORY_SIZE);

	private boolean failbackEnabled = FailoverDefaults.FAILBACK_ENABLED;

	private Duration failbackDelay = FailoverDefaults.FAILBACK_DELAY;

	private String roleCheck = FailoverDefaults.ROLE_CHECK;

	private boolean requireNode = FailoverDefaults.REQUIRE_NODE;

	private Duration leakThreshold = FailoverDefaults.LEAK_THRESHOLD;

	private boolean captureBorrowStackTrace = FailoverDefaults.CAPTURE_STACK_TRACE;

	private Clock clock = Clock.systemUTC();

	private FailoverDataSource.ReadWriteRouter readWriteRouter;

	private Duration maxReplicaLag;

	private boolean readYourWrites = FailoverDefaults.READ_YOUR_WRITES;

	private Duration readYourWritesMaxWait = FailoverDefaults.READ_YOUR_WRITES_MAX_WAIT;

	FailoverDataSourceBuilder() {
	}

	/**
	 * Add a node; nodes are in priority order, the first added is the preferred primary. The node's pool
	 * uses a copy of the configuration, named after the node; the configuration itself is not changed.
	 * @param name the node name
	 * @param config the node's complete HikariCP configuration (with a JDBC URL); its
	 * {@link HikariConfig#getCredentialsProvider() credentials provider}, if any, gives the credentials of the
	 * node's probe connections too
	 * @return this builder
	 */
	public FailoverDataSourceBuilder node(String name, HikariConfig config) {
		HikariConfig named = new HikariConfig();
		config.copyStateTo(named);
		named.setPoolName(name);
		this.nodeConfigs.add(named);
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
	 * While no node is writable (a primary crashed and its replica is not promoted yet), how long a
	 * borrow waits for one, within the {@link #connectionTimeout(Duration) budget}; zero fails such a
	 * borrow at once. Ten seconds unless set.
	 * @param awaitWritable the longest wait
	 * @return this builder
	 */
	public FailoverDataSourceBuilder awaitWritable(Duration awaitWritable) {
		this.awaitWritable = awaitWritable;
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
		this.probing = new Probing(interval, timeout, failureThreshold, recoveryThreshold, historySize);
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
	 * a suspected leak (see {@link ConnectionTracker}). Five minutes, with stack traces, unless set, as in
	 * the starter.
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
	 * Keep read-only work off replicas that lag behind: a replica whose lag is above the limit, or unknown,
	 * takes no reads until its lag is below 0.8 of the limit (see {@link ReplicaSelector}). No limit unless
	 * set. A node whose lag cannot be measured (see {@link ReplicationCheck}) is named in a WARN at build.
	 * @param maxLag the limit, {@code null} for none
	 * @return this builder
	 */
	public FailoverDataSourceBuilder maxReplicaLag(Duration maxLag) {
		this.maxReplicaLag = maxLag;
		return this;
	}

	/**
	 * Read-your-writes (see {@link ReadYourWrites}): a read-only connection goes to a replica only once it
	 * has replayed the thread's last write. Off unless set; PostgreSQL only (with another database it
	 * stays off, with a WARN at build).
	 * @param enabled whether to record writes and wait for them on replicas
	 * @param maxWait how long a read may wait for a replica to catch up before it goes to the writable node
	 * @return this builder
	 */
	public FailoverDataSourceBuilder readYourWrites(boolean enabled, Duration maxWait) {
		this.readYourWrites = enabled;
		this.readYourWritesMaxWait = maxWait;
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
		NodeHealthMonitor monitor = new NodeHealthMonitor(this.probing.interval(), this.probing.timeout(),
				this.probing.failureThreshold(), this.clock);
		FailoverNotifier notifier = FailoverNotifier.onOwnThread(this.listeners);
		List<DatabaseNode> nodes = new ArrayList<>();
		try {
			List<NodeProbe> probes = new ArrayList<>();
			PrimaryPositions primaryPositions = new PrimaryPositions();
			for (HikariConfig userConfig : this.nodeConfigs) {
				NodeHealth health = new NodeHealth(this.probing.failureThreshold(), this.probing.recoveryThreshold(),
						this.probing.historySize());
				HikariConfig config = poolConfig(userConfig, new NodeErrorWatcher(() -> monitor.probeSoon(
						userConfig.getPoolName()), health::suspect, userConfig.getExceptionOverride()));
				SecretMasker masker = secretsOf(config);
				nodes.add(new DatabaseNode(config.getPoolName(), nodes.size(), new HikariDataSource(config), health, masker));
				ReplicationCheck check = ReplicationCheck.of(this.roleCheck, config.getJdbcUrl(), primaryPositions);
				warnIfLagIsNotMeasured(config.getPoolName(), check);
				probes.add(new NodeProbe(probeConnections(config), check, this.probing.timeout(), masker));
			}
			ReplicaSelector replicaSelector = new ReplicaSelector(nodes, this.maxReplicaLag);
			FailoverPolicy policy = new FailoverPolicy(nodes, this.failbackEnabled, this.failbackDelay, this.clock,
					notifier, monitor::setUrgent);
			long refillTimeoutMillis = this.probing.timeout().toMillis();
			for (int i = 0; i < nodes.size(); i++) {
				DatabaseNode node = nodes.get(i);
				monitor.add(node.name(), probes.get(i), (result) -> {
					node.prepareForTraffic(result, refillTimeoutMillis);
					replicaSelector.onProbe(node, result);
					policy.onProbe(node, result);
				});
			}
			monitor.probeAllOnce();
			policy.initialize();
			if (this.requireNode && nodes.stream().noneMatch((node) -> node.health().isUp())) {
				throw NoReachableNodeException.of(nodes);
			}
			monitor.start();
			return new FailoverDataSource(nodes, policy, monitor, notifier,
					new ConnectionTracker(this.leakThreshold, this.captureBorrowStackTrace, totalCapacity(nodes), this.clock),
					new BorrowLimits(this.connectionTimeout, this.awaitWritable), this.readWriteRouter, replicaSelector,
					new ReadYourWrites(readYourWritesSupported(), replicaSelector, this.readYourWritesMaxWait));
		}
		catch (RuntimeException ex) {
			monitor.close();
			notifier.close();
			nodes.forEach((node) -> node.pool().close());
			throw ex;
		}
	}

	private void warnIfLagIsNotMeasured(String node, ReplicationCheck check) {
		if (this.maxReplicaLag != null && !check.measuresLag()) {
			logger.warn("failover.datasource.read-only-routing.max-lag is set, but the replication lag of node '{}' cannot "
					+ "be measured (role-check '{}'; the lag is measured with role-check 'auto' on PostgreSQL, MySQL and "
					+ "MariaDB): if it is a replica, it gets no reads", node, this.roleCheck);
		}
	}

	/** Read-your-writes compares WAL positions: PostgreSQL only. */
	private boolean readYourWritesSupported() {
		if (!this.readYourWrites) {
			return false;
		}
		List<String> others = this.nodeConfigs.stream()
			.filter((config) -> JdbcDriver.of(config.getJdbcUrl()).orElse(null) != JdbcDriver.POSTGRESQL)
			.map(HikariConfig::getPoolName)
			.toList();
		if (!others.isEmpty()) {
			logger.warn("failover.datasource.read-only-routing.read-your-writes is off: it needs PostgreSQL on every "
					+ "node, and {} {} not", others, (others.size() == 1) ? "is" : "are");
		}
		return others.isEmpty();
	}

	/**
	 * The node pool's configuration: a copy of the caller's, which stays as it was, with what failover
	 * needs: a pool that starts even when its node is down, a validation no longer than a probe, the
	 * driver's socket defaults, and the watcher of its connections' errors.
	 */
	private HikariConfig poolConfig(HikariConfig userConfig, NodeErrorWatcher errorWatcher) {
		HikariConfig config = new HikariConfig();
		userConfig.copyStateTo(config);
		config.setInitializationFailTimeout(-1);
		// HikariCP validates an idle connection on the borrowing thread; on a silent node that must not
		// take longer than a probe may (HikariCP's floor is 250 ms)
		config.setValidationTimeout(Math.min(config.getValidationTimeout(),
				Math.max(MIN_VALIDATION_TIMEOUT_MILLIS, this.probing.timeout().toMillis())));
		DriverDefaults.applyTo(config);
		config.setExceptionOverride(errorWatcher);
		return config;
	}

	private static int totalCapacity(List<DatabaseNode> nodes) {
		return nodes.stream().mapToInt((node) -> node.pool().getMaximumPoolSize()).sum();
	}

	/**
	 * A source of new, unpooled connections for the probe, with the pool's settings and credentials (those
	 * of the pool's {@link HikariConfig#getCredentialsProvider() credentials provider}, asked for every
	 * connection, when it has one) and, for PostgreSQL, MariaDB and MySQL, connect and read timeouts of one
	 * probe (see {@link JdbcDriver#probeSettings}). These win over the user's: the URL loses the parameters
	 * of the same names, which the drivers would prefer to properties.
	 */
	private DataSource probeConnections(HikariConfig config) {
		Properties properties = new Properties();
		properties.putAll(config.getDataSourceProperties());
		String url = config.getJdbcUrl();
		Optional<JdbcDriver> driver = JdbcDriver.of(url);
		if (driver.isPresent()) {
			Map<String, String> settings = driver.get().probeSettings(this.probing.timeout());
			properties.putAll(settings);
			url = JdbcDriver.withoutParameters(url, settings.keySet());
		}
		DriverDataSource connections = new DriverDataSource(url, config.getDriverClassName(), properties,
				config.getUsername(), config.getPassword());
		HikariCredentialsProvider credentialsProvider = config.getCredentialsProvider();
		return (credentialsProvider != null) ? new CurrentCredentialsDataSource(connections, credentialsProvider)
				: connections;
	}

	private static SecretMasker secretsOf(HikariConfig config) {
		return SecretMasker.forNode(config.getJdbcUrl(), config.getPassword(),
				config.getDataSourceProperties().getProperty("password"));
	}

	/**
	 * The probe settings, set together by {@link FailoverDataSourceBuilder#health}.
	 *
	 * @param interval probe period per node
	 * @param timeout limit of one probe
	 * @param failureThreshold failed probes in a row before a node is DOWN
	 * @param recoveryThreshold healthy probes in a row before a DOWN node is UP again
	 * @param historySize probe results kept per node
	 */
	private record Probing(Duration interval, Duration timeout, int failureThreshold, int recoveryThreshold,
			int historySize) {
	}

}
