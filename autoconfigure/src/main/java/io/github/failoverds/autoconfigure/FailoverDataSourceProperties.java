package io.github.failoverds.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariConfig;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.convert.ApplicationConversionService;

import io.github.failoverds.routing.FailoverDefaults;

/**
 * The whole property tree of the starter, under {@code failover.datasource}.
 */
@ConfigurationProperties(FailoverDataSourceProperties.PREFIX)
public class FailoverDataSourceProperties {

	/** The prefix of every property of the starter. */
	public static final String PREFIX = "failover.datasource";

	/**
	 * Whether to create the failover DataSource. When false the starter backs off entirely.
	 */
	private boolean enabled = true;

	/**
	 * The database nodes, in priority order: the first is the preferred primary. Each has a url (JDBC URL
	 * or URI), optional username, password, credentials-directory and name (default primary, standby-1, ...)
	 * and hikari.* overrides. When set, the shortcuts (spring.datasource.url, failover-urls, DATABASE_URL, a
	 * JdbcConnectionDetails bean) are ignored.
	 */
	private List<Node> nodes = new ArrayList<>();

	/**
	 * Standby nodes, in priority order, when the primary comes from spring.datasource.url, DATABASE_URL or
	 * a JdbcConnectionDetails bean: JDBC URLs or URIs such as postgresql://user:password@host:5432/db. They
	 * use the primary's credentials unless a URI carries its own. Ignored when 'nodes' is set.
	 */
	private List<String> failoverUrls = new ArrayList<>();

	/**
	 * HikariCP settings shared by every node's pool (any HikariConfig property, kebab-case, including
	 * data-source-properties.*); a node's own hikari.* settings override them.
	 */
	@NestedConfigurationProperty
	private HikariConfig hikari = new HikariConfig();

	/**
	 * Total time budget of one getConnection() call across all nodes.
	 */
	private Duration connectionTimeout = FailoverDefaults.CONNECTION_TIMEOUT;

	/**
	 * While no node is writable (a primary crashed and its replica is not promoted yet), how long a
	 * borrow waits for one, within connection-timeout, before it fails; 0 fails such a borrow at once.
	 */
	private Duration awaitWritable = FailoverDefaults.AWAIT_WRITABLE;

	/**
	 * How nodes are told apart: 'auto' (by driver), 'none', or a SQL query that returns true when the
	 * node is read-only.
	 */
	private String roleCheck = FailoverDefaults.ROLE_CHECK;

	/**
	 * Read/write splitting: read-only work may go to replicas. 'read-only-routing: true' is a shorthand
	 * for 'read-only-routing.enabled: true'.
	 */
	private ReadOnlyRouting readOnlyRouting = new ReadOnlyRouting();

	/**
	 * Whether a name under failover.datasource that binds to nothing (a misspelt property, or a name below
	 * a single value such as enabled.x) fails startup. When false, each such name is logged as a warning
	 * instead.
	 */
	private boolean strictKeys = true;

	private final Health health = new Health();

	private final Failback failback = new Failback();

	private final Startup startup = new Startup();

	private final LeakDetection leakDetection = new LeakDetection();

	private final Credentials credentials = new Credentials();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<Node> getNodes() {
		return this.nodes;
	}

	public void setNodes(List<Node> nodes) {
		this.nodes = nodes;
	}

	public List<String> getFailoverUrls() {
		return this.failoverUrls;
	}

	public void setFailoverUrls(List<String> failoverUrls) {
		this.failoverUrls = failoverUrls;
	}

	public HikariConfig getHikari() {
		return this.hikari;
	}

	public void setHikari(HikariConfig hikari) {
		this.hikari = hikari;
	}

	public Duration getConnectionTimeout() {
		return this.connectionTimeout;
	}

	public void setConnectionTimeout(Duration connectionTimeout) {
		this.connectionTimeout = connectionTimeout;
	}

	public Duration getAwaitWritable() {
		return this.awaitWritable;
	}

	public void setAwaitWritable(Duration awaitWritable) {
		this.awaitWritable = awaitWritable;
	}

	public String getRoleCheck() {
		return this.roleCheck;
	}

	public void setRoleCheck(String roleCheck) {
		this.roleCheck = roleCheck;
	}

	public ReadOnlyRouting getReadOnlyRouting() {
		return this.readOnlyRouting;
	}

	public void setReadOnlyRouting(ReadOnlyRouting readOnlyRouting) {
		this.readOnlyRouting = readOnlyRouting;
	}

	public boolean isStrictKeys() {
		return this.strictKeys;
	}

	public void setStrictKeys(boolean strictKeys) {
		this.strictKeys = strictKeys;
	}

	public Health getHealth() {
		return this.health;
	}

	public Failback getFailback() {
		return this.failback;
	}

	public Startup getStartup() {
		return this.startup;
	}

	public LeakDetection getLeakDetection() {
		return this.leakDetection;
	}

	public Credentials getCredentials() {
		return this.credentials;
	}

	/**
	 * The default name of the node at a position: {@code primary}, then {@code standby-1},
	 * {@code standby-2}, ...
	 * @param index the node's position in priority order
	 * @return the default name
	 */
	public static String defaultNodeName(int index) {
		return (index == 0) ? "primary" : "standby-" + index;
	}

	/**
	 * One database node.
	 */
	public static class Node {

		/**
		 * Name of the node, used as pool name and in health, metrics and events: letters, digits, '.', '_'
		 * and '-' only. Defaults to 'primary' for the first node and 'standby-N' for the others.
		 */
		private String name;

		/**
		 * JDBC URL of the node (or a URI such as postgresql://user:password@host:5432/db).
		 */
		private String url;

		/**
		 * Login user of the node.
		 */
		private String username;

		/**
		 * Login password of the node.
		 */
		private String password;

		/**
		 * Directory with this node's credentials, read again for every new connection: a file 'password' and,
		 * optionally, a file 'username' (Kubernetes secret volume, Spring's configtree layout). Overrides
		 * failover.datasource.credentials.directory and a HikariCredentialsProvider bean for this node.
		 */
		private Path credentialsDirectory;

		/**
		 * HikariCP settings of this node's pool, overriding the shared failover.datasource.hikari.*.
		 */
		@NestedConfigurationProperty
		private HikariConfig hikari = new HikariConfig();

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public String getUrl() {
			return this.url;
		}

		public void setUrl(String url) {
			this.url = url;
		}

		public String getUsername() {
			return this.username;
		}

		public void setUsername(String username) {
			this.username = username;
		}

		public String getPassword() {
			return this.password;
		}

		public void setPassword(String password) {
			this.password = password;
		}

		public Path getCredentialsDirectory() {
			return this.credentialsDirectory;
		}

		public void setCredentialsDirectory(Path credentialsDirectory) {
			this.credentialsDirectory = credentialsDirectory;
		}

		public HikariConfig getHikari() {
			return this.hikari;
		}

		public void setHikari(HikariConfig hikari) {
			this.hikari = hikari;
		}

	}

	/**
	 * Read/write splitting, and how fresh the reads from replicas must be.
	 */
	public static class ReadOnlyRouting {

		/**
		 * Whether read-only work (@Transactional(readOnly = true), connections set read-only before first
		 * use) goes to a healthy replica, round-robin, falling back to the writable node when no replica is
		 * eligible.
		 */
		private boolean enabled = FailoverDefaults.READ_ONLY_ROUTING;

		/**
		 * Replicas further behind the primary than this get no reads, nor do replicas whose lag is unknown;
		 * one held back takes reads again below 0.8 of it. Unset: no limit.
		 */
		private Duration maxLag;

		/**
		 * Whether a read-only transaction goes to a replica only once the replica has replayed the last
		 * write of the same thread (or of a token, see ReadYourWrites), PostgreSQL only.
		 */
		private boolean readYourWrites = FailoverDefaults.READ_YOUR_WRITES;

		/**
		 * How long a read with read-your-writes may wait for a replica to replay the write before it goes to
		 * the writable node.
		 */
		private Duration maxWait = FailoverDefaults.READ_YOUR_WRITES_MAX_WAIT;

		/**
		 * The shorthand {@code failover.datasource.read-only-routing: true} (or {@code false}): read/write
		 * splitting with the defaults. The binder converts the single value with this method.
		 * @param enabled {@code true} or {@code false} (also {@code on}/{@code off}, {@code yes}/{@code no})
		 * @return the settings
		 * @throws IllegalArgumentException when the value is no boolean
		 */
		public static ReadOnlyRouting valueOf(String enabled) {
			ReadOnlyRouting routing = new ReadOnlyRouting();
			Boolean value = ApplicationConversionService.getSharedInstance().convert(enabled.trim(), Boolean.class);
			routing.setEnabled(Boolean.TRUE.equals(value));
			return routing;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getMaxLag() {
			return this.maxLag;
		}

		public void setMaxLag(Duration maxLag) {
			this.maxLag = maxLag;
		}

		public boolean isReadYourWrites() {
			return this.readYourWrites;
		}

		public void setReadYourWrites(boolean readYourWrites) {
			this.readYourWrites = readYourWrites;
		}

		public Duration getMaxWait() {
			return this.maxWait;
		}

		public void setMaxWait(Duration maxWait) {
			this.maxWait = maxWait;
		}

	}

	/**
	 * Background probing of every node.
	 */
	public static class Health {

		/**
		 * Probe period, per node.
		 */
		private Duration interval = FailoverDefaults.HEALTH_INTERVAL;

		/**
		 * Time limit of one probe; a slower answer counts as a failure.
		 */
		private Duration timeout = FailoverDefaults.HEALTH_TIMEOUT;

		/**
		 * Failed probes in a row before a node is marked DOWN.
		 */
		private int failureThreshold = FailoverDefaults.FAILURE_THRESHOLD;

		/**
		 * Healthy probes in a row before a DOWN node is marked UP again.
		 */
		private int recoveryThreshold = FailoverDefaults.RECOVERY_THRESHOLD;

		/**
		 * Probe results kept per node (shown by the failover endpoint).
		 */
		private int historySize = FailoverDefaults.HISTORY_SIZE;

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public int getFailureThreshold() {
			return this.failureThreshold;
		}

		public void setFailureThreshold(int failureThreshold) {
			this.failureThreshold = failureThreshold;
		}

		public int getRecoveryThreshold() {
			return this.recoveryThreshold;
		}

		public void setRecoveryThreshold(int recoveryThreshold) {
			this.recoveryThreshold = recoveryThreshold;
		}

		public int getHistorySize() {
			return this.historySize;
		}

		public void setHistorySize(int historySize) {
			this.historySize = historySize;
		}

	}

	/**
	 * Return to a higher-priority node once it is healthy again.
	 */
	public static class Failback {

		/**
		 * Whether new connections go back to a higher-priority node once it is healthy again.
		 */
		private boolean enabled = FailoverDefaults.FAILBACK_ENABLED;

		/**
		 * How long a higher-priority node must stay UP before new connections go back to it.
		 */
		private Duration delay = FailoverDefaults.FAILBACK_DELAY;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getDelay() {
			return this.delay;
		}

		public void setDelay(Duration delay) {
			this.delay = delay;
		}

	}

	/**
	 * Behaviour at application startup.
	 */
	public static class Startup {

		/**
		 * Whether startup fails when no node at all can be reached.
		 */
		private boolean requireNode = FailoverDefaults.REQUIRE_NODE;

		public boolean isRequireNode() {
			return this.requireNode;
		}

		public void setRequireNode(boolean requireNode) {
			this.requireNode = requireNode;
		}

	}

	/**
	 * Tracking of borrowed connections to find leaks.
	 */
	public static class LeakDetection {

		/**
		 * How long a connection may be held before it is reported as a suspected leak; 0 turns leak
		 * detection off.
		 */
		private Duration threshold = FailoverDefaults.LEAK_THRESHOLD;

		/**
		 * Whether to record where each connection was borrowed (shown with a suspected leak).
		 */
		private boolean captureStackTrace = FailoverDefaults.CAPTURE_STACK_TRACE;

		public Duration getThreshold() {
			return this.threshold;
		}

		public void setThreshold(Duration threshold) {
			this.threshold = threshold;
		}

		public boolean isCaptureStackTrace() {
			return this.captureStackTrace;
		}

		public void setCaptureStackTrace(boolean captureStackTrace) {
			this.captureStackTrace = captureStackTrace;
		}

	}

	/**
	 * Credentials that change while the application runs.
	 */
	public static class Credentials {

		/**
		 * Directory with the credentials of every node that has no credentials-directory of its own, read again
		 * for every new connection: a file 'password' and, optionally, a file 'username' (without it, the node's
		 * configured username). The layout of a Kubernetes secret volume and of Spring's configtree.
		 */
		private Path directory;

		/**
		 * How often the credentials directories are read in the background, so that a change is logged and
		 * shown by health and metrics while no connection is opened.
		 */
		private Duration refreshInterval = Duration.ofSeconds(10);

		public Path getDirectory() {
			return this.directory;
		}

		public void setDirectory(Path directory) {
			this.directory = directory;
		}

		public Duration getRefreshInterval() {
			return this.refreshInterval;
		}

		public void setRefreshInterval(Duration refreshInterval) {
			this.refreshInterval = refreshInterval;
		}

	}

}
