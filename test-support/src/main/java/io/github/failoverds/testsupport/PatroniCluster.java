package io.github.failoverds.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real high-availability PostgreSQL cluster run by the Patroni HA manager: one etcd member as the distributed
 * configuration store and two Patroni members, {@code member-0} and {@code member-1}, each running a PostgreSQL 15
 * server. A test can {@linkplain #switchover(Member) switch over}, {@linkplain #kill(Member) crash} a member and
 * {@linkplain #restart(Member) restart} it, and watch Patroni promote the other one, as in production.
 * <p>
 * Needs Debian's {@code patroni}, {@code etcd-server} and {@code postgresql} (15) packages
 * ({@code apt-get install -y patroni etcd-server postgresql}); {@link #unavailableReason()} tells a test what is
 * missing, so that it can skip itself with a JUnit assumption. Debian's own cluster on port 5432 is neither used
 * nor disturbed. Linux only.
 * <p>
 * Everything listens on {@code 127.0.0.1}, on free ports chosen at start. PostgreSQL refuses to run as root, so
 * when the JVM runs as root every process runs as the OS user {@code postgres} ({@code setpriv}), in a new
 * temporary directory that user owns; that directory holds the data directories, the configuration files and one
 * log file per process ({@code etcd/etcd.log}, {@code member-N/patroni.log}, PostgreSQL's own log included), and
 * {@link #close()} deletes it.
 * <p>
 * Patroni's settings: {@code ttl: 6}, {@code loop_wait: 1}, {@code retry_timeout: 2} (measured on a 2-core
 * machine: a crashed leader's replica accepts writes 6 to 6.5 s after the kill; in a switchover the old leader
 * checkpoints, then shuts down fast 0.3 to 0.7 s after the command, so that its clients get 57P01 or 08006, and the
 * candidate accepts writes about 2 s after the command),
 * {@code synchronous_mode: true} with {@code synchronous_commit=on} (a commit acknowledged by the leader is on
 * the synchronous standby and survives a failover; only that standby can be promoted), {@code use_pg_rewind}
 * (a former leader rejoins as a replica) and replication slots.
 * <p>
 * Connections: user {@value #USERNAME}, password {@value #PASSWORD}, database {@value #DATABASE} (owned by that
 * user, which is not a superuser), over TCP with md5 authentication. The superuser is {@value #SUPERUSER} with
 * password {@value #SUPERUSER_PASSWORD}; replication uses {@value #REPLICATION_USER} with password
 * {@value #REPLICATION_PASSWORD}.
 * <p>
 * Every process started is registered: {@link #close()} (also run by a JVM shutdown hook, and by
 * {@link #start()} when starting fails half-way) SIGKILLs the Patroni agents, the postmasters with all their
 * children and etcd, and returns once they are dead. No method sleeps: waits poll with Awaitility and time out
 * with a message that includes the tail of every log.
 */
public final class PatroniCluster implements AutoCloseable {

	/** The application user the members' {@link Member#jdbcUrl() URLs} are meant for. */
	public static final String USERNAME = "app";

	/** The password of {@value #USERNAME}. */
	public static final String PASSWORD = "app";

	/** The application database, owned by {@value #USERNAME}. */
	public static final String DATABASE = "app";

	/** The PostgreSQL superuser, also the one Patroni and {@code pg_rewind} connect as. */
	public static final String SUPERUSER = "postgres";

	/** The password of {@value #SUPERUSER}. */
	public static final String SUPERUSER_PASSWORD = "postgres";

	/** The user the replicas stream WAL as. */
	public static final String REPLICATION_USER = "replicator";

	/** The password of {@value #REPLICATION_USER}. */
	public static final String REPLICATION_PASSWORD = "replicator";

	/** How often {@link #awaitWritable(Member, Duration)} tries a fresh connection. */
	public static final Duration WRITE_PROBE_INTERVAL = Duration.ofMillis(10);

	/** The command that installs what this class needs, on Debian. */
	static final String INSTALL_COMMAND = "apt-get install -y patroni etcd-server postgresql";

	private static final String SCOPE = "failoverds";

	private static final String OS_USER = "postgres";

	private static final Path POSTGRES_BIN = Path.of("/usr/lib/postgresql/15/bin");

	private static final List<String> POSTGRES_PROGRAMS = List.of("postgres", "initdb", "pg_ctl", "pg_basebackup",
			"pg_rewind");

	private static final List<String> SYSTEM_PATH = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin",
			"/usr/bin", "/sbin", "/bin");

	private static final int MEMBER_COUNT = 2;

	private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

	private static final Duration STATE_POLL_INTERVAL = Duration.ofMillis(50);

	private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(2);

	private static final Duration SWITCHOVER_ACCEPT_TIMEOUT = Duration.ofSeconds(15);

	private static final Duration PROCESS_EXIT_TIMEOUT = Duration.ofSeconds(20);

	private static final int LOG_TAIL_LINES = 40;

	private final Path workDirectory;

	private final boolean runAsOsUser;

	private final int etcdPort;

	private final int etcdPeerPort;

	private final List<Member> members;

	/** Ports taken from {@link EmbeddedPostgresNode#reservePort()}, given back at close. */
	private final List<Integer> ports;

	/** The running Patroni agent of each member, by member name; absent while the member is killed. */
	private final Map<String, Process> agents = new ConcurrentHashMap<>();

	/** Every process this cluster started, alive or not. */
	private final List<Process> launched = new CopyOnWriteArrayList<>();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();

	private final Thread shutdownHook;

	private volatile Process etcd;

	/** The response of the last switchover request, for timeout messages. */
	private volatile CompletableFuture<HttpResponse<String>> lastSwitchover;

	private boolean closed;

	private PatroniCluster(Path workDirectory, boolean runAsOsUser, List<Integer> ports) {
		this.workDirectory = workDirectory;
		this.runAsOsUser = runAsOsUser;
		this.ports = List.copyOf(ports);
		this.etcdPort = ports.get(0);
		this.etcdPeerPort = ports.get(1);
		this.members = IntStream.range(0, MEMBER_COUNT)
			.mapToObj((i) -> new Member("member-" + i, ports.get(2 + 2 * i), ports.get(3 + 2 * i)))
			.toList();
		this.shutdownHook = new Thread(this::close, "patroni-cluster-shutdown");
	}

	/**
	 * Tells whether this machine can run the cluster.
	 * @return why not (naming the missing program and the {@code apt-get} command that installs it), or empty if
	 * patroni, etcd and the PostgreSQL 15 programs are installed
	 */
	public static Optional<String> unavailableReason() {
		if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
			return Optional.of("PatroniCluster runs on Linux only");
		}
		for (String program : List.of("patroni", "etcd")) {
			if (findProgram(program).isEmpty()) {
				return Optional.of(program + " is not installed (not on the PATH); install it with: " + INSTALL_COMMAND);
			}
		}
		for (String program : POSTGRES_PROGRAMS) {
			if (!Files.isExecutable(POSTGRES_BIN.resolve(program))) {
				return Optional.of("PostgreSQL 15 is not installed (no " + POSTGRES_BIN.resolve(program)
						+ "); install it with: " + INSTALL_COMMAND);
			}
		}
		if (isRoot()) {
			if (findProgram("setpriv").isEmpty()) {
				return Optional.of("setpriv is not installed; install it with: apt-get install -y util-linux");
			}
			try {
				lookupOsUser(FileSystems.getDefault().getUserPrincipalLookupService());
			}
			catch (IOException ex) {
				return Optional.of("There is no OS user " + OS_USER + " to run PostgreSQL as (root cannot); install "
						+ "PostgreSQL with: " + INSTALL_COMMAND);
			}
		}
		return Optional.empty();
	}

	/** @return whether {@link #unavailableReason()} is empty */
	public static boolean isAvailable() {
		return unavailableReason().isEmpty();
	}

	/**
	 * Starts a cluster in a new directory under {@code java.io.tmpdir}.
	 * @return the running cluster, as {@link #start(Path)} returns it
	 */
	public static PatroniCluster start() {
		return start(Path.of(System.getProperty("java.io.tmpdir")));
	}

	/**
	 * Starts etcd, then both Patroni members, and returns once one member holds the leader lock and accepts
	 * writes from {@value #USERNAME} in {@value #DATABASE}, and the other streams from it as the synchronous
	 * standby. The first member to start bootstraps the cluster ({@code initdb}); the other one is cloned from it
	 * ({@code pg_basebackup}). Takes a few seconds.
	 * @param parentDirectory where to create the cluster's directory; the OS user {@code postgres} must be able to
	 * reach it when the JVM runs as root
	 * @return the running cluster; close it to stop every process and delete its directory
	 * @throws IllegalStateException if {@link #unavailableReason()} is not empty, or if the cluster does not come
	 * up in time (the message has the tail of every log); everything started is stopped first
	 */
	public static PatroniCluster start(Path parentDirectory) {
		unavailableReason().ifPresent((reason) -> {
			throw new IllegalStateException(reason);
		});
		boolean runAsOsUser = isRoot();
		List<Integer> ports = new ArrayList<>();
		PatroniCluster cluster;
		try {
			for (int i = 0; i < 2 + 2 * MEMBER_COUNT; i++) {
				ports.add(EmbeddedPostgresNode.reservePort());
			}
			Path workDirectory = Files.createTempDirectory(parentDirectory, "patroni-");
			cluster = new PatroniCluster(workDirectory, runAsOsUser, ports);
		}
		catch (IOException | RuntimeException ex) {
			ports.forEach(EmbeddedPostgresNode::releasePort);
			throw (ex instanceof IOException io) ? new UncheckedIOException(io) : (RuntimeException) ex;
		}
		Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
		try {
			cluster.writeFiles();
			cluster.startEtcd();
			cluster.members.forEach(cluster::launchAgent);
			cluster.awaitBootstrapped();
			return cluster;
		}
		catch (RuntimeException | Error ex) {
			try {
				cluster.close();
			}
			catch (RuntimeException closeFailure) {
				ex.addSuppressed(closeFailure);
			}
			throw ex;
		}
	}

	/** @return both members, {@code member-0} then {@code member-1}, whatever their roles */
	public List<Member> members() {
		return this.members;
	}

	/** @return the directory holding every data directory, configuration file and log; deleted by {@link #close()} */
	public Path workDirectory() {
		return this.workDirectory;
	}

	/**
	 * Asks each member's Patroni REST API ({@code GET /leader}) which one holds the leader lock now.
	 * @return the leader
	 * @throws IllegalStateException if no member answers that it is the leader, e.g. during a failover
	 */
	public Member leader() {
		return this.members.stream()
			.filter((member) -> restStatus(member, "/leader") == 200)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No member of the Patroni cluster holds the leader lock"));
	}

	/**
	 * Waits until a member other than the given one holds the leader lock (after a switchover or a crash).
	 * Holding the lock comes slightly before accepting writes: see {@link #awaitWritable(Member, Duration)}.
	 * @param old the former leader
	 * @param timeout how long to wait
	 * @return the new leader
	 * @throws IllegalStateException on timeout
	 */
	public Member awaitLeaderOtherThan(Member old, Duration timeout) {
		AtomicReference<Member> leader = new AtomicReference<>();
		await("a leader other than " + old.name(), timeout, STATE_POLL_INTERVAL, () -> {
			this.members.stream()
				.filter((member) -> !member.equals(old) && restStatus(member, "/leader") == 200)
				.findFirst()
				.ifPresent(leader::set);
			return leader.get() != null;
		});
		return leader.get();
	}

	/**
	 * Waits until the member is a running replica that Patroni lists as the synchronous standby
	 * ({@code GET /sync} answers 200) and the leader's {@code pg_stat_replication} shows it streaming with
	 * {@code sync_state = 'sync'}: from then on every acknowledged commit is on it, and it can be promoted.
	 * @param member the member, e.g. a former leader that was restarted or switched over
	 * @param timeout how long to wait
	 * @throws IllegalStateException on timeout
	 */
	public void awaitReplica(Member member, Duration timeout) {
		await(member.name() + " streaming from the leader as its synchronous standby", timeout, STATE_POLL_INTERVAL,
				() -> restStatus(member, "/sync") == 200 && this.members.stream()
					.filter((other) -> !other.equals(member))
					.anyMatch((leader) -> "1".equals(queryQuietly(leader, "SELECT count(*) FROM pg_stat_replication "
							+ "WHERE application_name = ? AND state = 'streaming' AND sync_state = 'sync'",
							member.name()))));
	}

	/**
	 * Waits until the member accepts writes: every 10 ms ({@link #WRITE_PROBE_INTERVAL}), a fresh connection
	 * as {@value #USERNAME} must find {@code pg_is_in_recovery()} false, then commit a transaction that writes
	 * ({@code SELECT txid_current()}, which allocates a transaction id and so writes and, with a synchronous
	 * standby, waits for it). Each try gives up after 1 s to connect and 2 s to answer.
	 * @param member the member
	 * @param timeout how long to wait
	 * @return when the first successful write commit returned
	 * @throws IllegalStateException on timeout, with the last failure
	 */
	public Instant awaitWritable(Member member, Duration timeout) {
		return awaitWritable(member, USERNAME, PASSWORD, DATABASE, timeout);
	}

	/**
	 * Asks Patroni for a planned switchover from the current leader to the candidate ({@code POST /switchover} on
	 * the leader's REST API) and returns once Patroni has accepted it, i.e. written the switchover into etcd; the
	 * switchover itself goes on. Patroni then shuts the leader down (fast mode: open connections get 57P01 or
	 * 08006), promotes the candidate and restarts the old leader as a replica.
	 * @param candidate the synchronous standby to promote
	 * @return when the request was sent
	 * @throws IllegalStateException if Patroni refuses (e.g. the candidate is not the synchronous standby), or
	 * does not accept the request in time
	 */
	public Instant switchover(Member candidate) {
		Member leader = leader();
		if (leader.equals(candidate)) {
			throw new IllegalArgumentException(candidate.name() + " is already the leader");
		}
		HttpRequest request = HttpRequest.newBuilder(URI.create(leader.restUrl() + "/switchover"))
			.timeout(Duration.ofSeconds(60))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(
					"{\"leader\":\"" + leader.name() + "\",\"candidate\":\"" + candidate.name() + "\"}"))
			.build();
		Instant sent = Instant.now();
		CompletableFuture<HttpResponse<String>> response = this.http.sendAsync(request,
				HttpResponse.BodyHandlers.ofString());
		this.lastSwitchover = response;
		String what = "Patroni to accept the switchover from " + leader.name() + " to " + candidate.name();
		await(what, SWITCHOVER_ACCEPT_TIMEOUT, WRITE_PROBE_INTERVAL, () -> {
			if (response.isDone()) {
				HttpResponse<String> answer = switchoverResponse(response);
				if (answer.statusCode() != 200) {
					throw new IllegalStateException("Patroni refused the switchover from " + leader.name() + " to "
							+ candidate.name() + ": HTTP " + answer.statusCode() + " " + answer.body());
				}
				return true;
			}
			return etcdHasKey("/service/" + SCOPE + "/failover");
		});
		return sent;
	}

	/**
	 * Crashes the current leader with {@link #kill(Member)}.
	 * @return the member that was the leader
	 */
	public Member crashLeader() {
		Member leader = leader();
		kill(leader);
		return leader;
	}

	/**
	 * Crashes a member, as a power loss would: freezes its postmaster, SIGKILLs its Patroni agent, then SIGKILLs
	 * the postmaster and every PostgreSQL process under it. Returns once all of them are dead. The member's key
	 * in etcd expires after {@code ttl}; if it was the leader, the synchronous standby is then promoted. Does
	 * nothing to processes already dead.
	 * @param member the member
	 */
	public synchronized void kill(Member member) {
		checkNotClosed();
		Optional<ProcessHandle> postmaster = postmaster(member);
		postmaster.ifPresent((process) -> EmbeddedPostgresNode.signal("STOP", process.pid()));
		List<ProcessHandle> dying = new ArrayList<>();
		Process agent = this.agents.remove(member.name());
		if (agent != null) {
			dying.addAll(killTree(agent.toHandle()));
		}
		postmaster.ifPresent((process) -> dying.addAll(killTree(process)));
		awaitGone(member.name() + "'s processes", dying);
		// A zombie postmaster (nothing may reap it in a container) would keep its pid "alive": PostgreSQL would
		// refuse to start over a pid file naming it.
		deleteIfExists(dataDirectory(member).resolve("postmaster.pid"));
	}

	/**
	 * Starts the Patroni agent of a {@linkplain #kill(Member) killed} member again and returns at once. The agent
	 * starts PostgreSQL, which joins the current leader as a standby; if it was the leader before, Patroni
	 * rewinds it with {@code pg_rewind} first. {@link #awaitReplica(Member, Duration)} waits for the end.
	 * @param member the member
	 * @throws IllegalStateException if its agent is running or the cluster is closed
	 */
	public synchronized void restart(Member member) {
		checkNotClosed();
		Process agent = this.agents.get(member.name());
		if (agent != null && agent.isAlive()) {
			throw new IllegalStateException(member.name() + "'s Patroni agent is running");
		}
		launchAgent(member);
	}

	/**
	 * SIGKILLs every process of the cluster (Patroni agents, postmasters with their children, etcd, and any
	 * other process whose command line names the cluster's directory), waits until they are dead, deletes the
	 * directory and frees the ports. Idempotent.
	 */
	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			List<ProcessHandle> dying = new ArrayList<>();
			for (Member member : this.members) {
				Optional<ProcessHandle> postmaster = postmaster(member);
				postmaster.ifPresent((process) -> EmbeddedPostgresNode.signal("STOP", process.pid()));
				Process agent = this.agents.remove(member.name());
				if (agent != null) {
					dying.addAll(killTree(agent.toHandle()));
				}
				postmaster.ifPresent((process) -> dying.addAll(killTree(process)));
			}
			this.launched.forEach((process) -> dying.addAll(killTree(process.toHandle())));
			processesNamingWorkDirectory().forEach((process) -> dying.addAll(killTree(process)));
			awaitGone("the Patroni cluster's processes", dying);
			Awaitility.await("no process naming " + this.workDirectory)
				.atMost(PROCESS_EXIT_TIMEOUT)
				.pollInterval(STATE_POLL_INTERVAL)
				.until(() -> {
					List<ProcessHandle> left = processesNamingWorkDirectory();
					left.forEach(this::killTree);
					return left.isEmpty();
				});
		}
		finally {
			EmbeddedPostgresNode.deleteRecursively(this.workDirectory);
			this.ports.forEach(EmbeddedPostgresNode::releasePort);
			try {
				Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
			}
			catch (IllegalStateException ex) {
				// the JVM is shutting down, possibly running this very hook
			}
		}
	}

	@Override
	public String toString() {
		return "PatroniCluster[" + this.members + ", etcd @ 127.0.0.1:" + this.etcdPort + "]";
	}

	private Instant awaitWritable(Member member, String user, String password, String database, Duration timeout) {
		AtomicReference<Instant> writableAt = new AtomicReference<>();
		AtomicReference<String> lastFailure = new AtomicReference<>("none yet");
		await(member.name() + " to accept writes", timeout, WRITE_PROBE_INTERVAL, () -> {
			try (Connection connection = connect(member, user, password, database);
					Statement statement = connection.createStatement()) {
				try (ResultSet recovery = statement.executeQuery("SELECT pg_is_in_recovery()")) {
					recovery.next();
					if (recovery.getBoolean(1)) {
						lastFailure.set("pg_is_in_recovery() is true");
						return false;
					}
				}
				statement.executeQuery("SELECT txid_current()").close();
				writableAt.set(Instant.now());
				return true;
			}
			catch (SQLException ex) {
				lastFailure.set(ex.getSQLState() + " " + ex.getMessage());
				return false;
			}
		}, () -> "last failure: " + lastFailure.get());
		return writableAt.get();
	}

	/** Writes the configuration files, and hands the directories over to the OS user. */
	private void writeFiles() {
		try {
			Files.createDirectories(this.workDirectory.resolve("etcd"));
			for (Member member : this.members) {
				Files.createDirectories(memberDirectory(member));
				Files.writeString(configFile(member), patroniConfig(member));
			}
			if (this.runAsOsUser) {
				UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
				UserPrincipal user = lookupOsUser(lookup);
				GroupPrincipal group = lookup.lookupPrincipalByGroupName(OS_USER);
				try (Stream<Path> paths = Files.walk(this.workDirectory)) {
					for (Path path : (Iterable<Path>) paths::iterator) {
						PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
						view.setOwner(user);
						view.setGroup(group);
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not prepare " + this.workDirectory, ex);
		}
	}

	/**
	 * Patroni's configuration of one member. Everything under {@code bootstrap.dcs} goes into etcd when the
	 * cluster is bootstrapped and applies to both members.
	 */
	private String patroniConfig(Member member) {
		Path directory = memberDirectory(member);
		return """
				scope: %1$s
				name: %2$s
				restapi:
				  listen: 127.0.0.1:%3$d
				  connect_address: 127.0.0.1:%3$d
				etcd3:
				  hosts: 127.0.0.1:%4$d
				bootstrap:
				  dcs:
				    ttl: 6
				    loop_wait: 1
				    retry_timeout: 2
				    maximum_lag_on_failover: 1048576
				    synchronous_mode: true
				    postgresql:
				      use_pg_rewind: true
				      use_slots: true
				      parameters:
				        max_connections: 200
				        synchronous_commit: 'on'
				        wal_level: replica
				        hot_standby: 'on'
				        wal_log_hints: 'on'
				        max_wal_senders: 10
				        max_replication_slots: 10
				        wal_keep_size: 64MB
				  initdb:
				  - encoding: UTF8
				postgresql:
				  listen: 127.0.0.1:%5$d
				  connect_address: 127.0.0.1:%5$d
				  data_dir: '%6$s'
				  bin_dir: '%7$s'
				  pgpass: '%8$s'
				  authentication:
				    superuser:
				      username: %9$s
				      password: %10$s
				    replication:
				      username: %11$s
				      password: %12$s
				  parameters:
				    unix_socket_directories: ''
				  pg_hba:
				  - host replication %11$s 127.0.0.1/32 md5
				  - host all all 127.0.0.1/32 md5
				""".formatted(SCOPE, member.name(), member.restPort(), this.etcdPort, member.port(),
				dataDirectory(member), POSTGRES_BIN, directory.resolve("pgpass"), SUPERUSER, SUPERUSER_PASSWORD,
				REPLICATION_USER, REPLICATION_PASSWORD);
	}

	/**
	 * Starts a one-member etcd and waits until it is healthy. Patroni's {@code etcd3} client speaks etcd's v3
	 * API through its JSON gateway ({@code /v3/...}), which etcd 3.4 serves by default; the v2 API is not needed.
	 */
	private void startEtcd() {
		String peerUrl = "http://127.0.0.1:" + this.etcdPeerPort;
		String clientUrl = "http://127.0.0.1:" + this.etcdPort;
		this.etcd = launch(etcdLog(), List.of(findProgram("etcd").orElseThrow().toString(), "--name", "etcd0",
				"--data-dir", this.workDirectory.resolve("etcd/data").toString(), "--listen-client-urls", clientUrl,
				"--advertise-client-urls", clientUrl, "--listen-peer-urls", peerUrl, "--initial-advertise-peer-urls",
				peerUrl, "--initial-cluster", "etcd0=" + peerUrl, "--initial-cluster-state", "new",
				"--initial-cluster-token", this.workDirectory.getFileName().toString(), "--enable-grpc-gateway"));
		await("etcd to be healthy", START_TIMEOUT, STATE_POLL_INTERVAL, () -> {
			checkStarted("etcd", this.etcd, etcdLog());
			HttpResponse<String> health = getQuietly(clientUrl + "/health");
			return health != null && health.statusCode() == 200 && health.body().contains("true");
		});
	}

	private synchronized void launchAgent(Member member) {
		this.agents.put(member.name(),
				launch(logFile(member), List.of(findProgram("patroni").orElseThrow().toString(),
						configFile(member).toString())));
	}

	/** Waits for a leader and a synchronous standby, then creates the application user and database. */
	private void awaitBootstrapped() {
		await("a Patroni leader and a synchronous standby", START_TIMEOUT, STATE_POLL_INTERVAL, () -> {
			checkStarted("etcd", this.etcd, etcdLog());
			for (Member member : this.members) {
				checkStarted(member.name() + "'s Patroni agent", this.agents.get(member.name()), logFile(member));
			}
			return this.members.stream().anyMatch((member) -> restStatus(member, "/leader") == 200)
					&& this.members.stream().anyMatch((member) -> restStatus(member, "/sync") == 200);
		});
		Member leader = leader();
		awaitWritable(leader, SUPERUSER, SUPERUSER_PASSWORD, "postgres", START_TIMEOUT);
		try (Connection connection = connect(leader, SUPERUSER, SUPERUSER_PASSWORD, "postgres");
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE ROLE " + USERNAME + " LOGIN PASSWORD '" + PASSWORD + "'");
			statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USERNAME);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create user and database " + USERNAME + " on " + leader, ex);
		}
		for (Member member : this.members) {
			if (!member.equals(leader)) {
				awaitReplica(member, START_TIMEOUT);
			}
		}
		awaitWritable(leader, START_TIMEOUT);
	}

	/** Starts a program (as the OS user if the JVM runs as root) with its output appended to a log file. */
	private synchronized Process launch(Path log, List<String> program) {
		checkNotClosed();
		List<String> command = new ArrayList<>();
		if (this.runAsOsUser) {
			command.addAll(List.of(findProgram("setpriv").orElseThrow().toString(), "--reuid=" + OS_USER,
					"--regid=" + OS_USER, "--init-groups", "--"));
		}
		command.addAll(program);
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.workDirectory.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		Map<String, String> environment = builder.environment();
		environment.clear();
		environment.put("PATH", String.join(":", SYSTEM_PATH));
		environment.put("HOME", this.workDirectory.toString());
		environment.put("LANG", "C.UTF-8");
		try {
			Process process = builder.start();
			this.launched.add(process);
			return process;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + command, ex);
		}
	}

	/** Fails fast, with its log, if a process that should be running exited. */
	private void checkStarted(String name, Process process, Path log) {
		if (process != null && !process.isAlive()) {
			throw new IllegalStateException(name + " exited with code " + process.exitValue() + "\n"
					+ tail(log));
		}
	}

	/** The member's running postmaster, from its pid file, if that pid is a live process using its data directory. */
	private Optional<ProcessHandle> postmaster(Member member) {
		Path pidFile = dataDirectory(member).resolve("postmaster.pid");
		long pid;
		try {
			pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
		}
		catch (IOException | RuntimeException ex) {
			// no pid file (not started, or killed), or one being written
			return Optional.empty();
		}
		return ProcessHandle.of(pid)
			.filter((process) -> !EmbeddedPostgresNode.isGone(process))
			.filter((process) -> commandLine(process.pid()).contains(dataDirectory(member).toString()));
	}

	/**
	 * Freezes a process so that it can fork no more, then SIGKILLs it and every descendant.
	 * @return the processes signalled
	 */
	private List<ProcessHandle> killTree(ProcessHandle root) {
		if (EmbeddedPostgresNode.isGone(root)) {
			return List.of();
		}
		try {
			EmbeddedPostgresNode.signal("STOP", root.pid());
		}
		catch (IllegalStateException ex) {
			// it died meanwhile
		}
		List<ProcessHandle> tree = Stream.concat(root.descendants(), Stream.of(root)).toList();
		tree.forEach(ProcessHandle::destroyForcibly);
		return tree;
	}

	private void awaitGone(String what, List<ProcessHandle> processes) {
		Awaitility.await("death of " + what)
			.atMost(PROCESS_EXIT_TIMEOUT)
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(10))
			.until(() -> processes.stream().allMatch(EmbeddedPostgresNode::isGone));
	}

	/** Live processes whose command line names this cluster's directory (agents, postmasters, etcd, tools). */
	private List<ProcessHandle> processesNamingWorkDirectory() {
		String directory = this.workDirectory.toString();
		return ProcessHandle.allProcesses()
			.filter((process) -> process.pid() != ProcessHandle.current().pid())
			.filter((process) -> !EmbeddedPostgresNode.isGone(process))
			.filter((process) -> commandLine(process.pid()).contains(directory))
			.toList();
	}

	private static String commandLine(long pid) {
		try {
			return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
					StandardCharsets.UTF_8).replace('\0', ' ');
		}
		catch (IOException ex) {
			return "";
		}
	}

	private boolean etcdHasKey(String key) {
		String encoded = Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.etcdPort + "/v3/kv/range"))
			.timeout(HTTP_TIMEOUT)
			.POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"" + encoded + "\"}"))
			.build();
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200 && response.body().contains("\"kvs\"");
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static HttpResponse<String> switchoverResponse(CompletableFuture<HttpResponse<String>> response) {
		try {
			return response.join();
		}
		catch (CompletionException ex) {
			throw new IllegalStateException("The switchover request failed", ex.getCause());
		}
	}

	/** @return the HTTP status of a GET on the member's REST API, or -1 if it does not answer */
	private int restStatus(Member member, String path) {
		HttpResponse<String> response = getQuietly(member.restUrl() + path);
		return (response != null) ? response.statusCode() : -1;
	}

	private HttpResponse<String> getQuietly(String url) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(HTTP_TIMEOUT).GET().build();
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** @return the one value of the query as the superuser on database {@code postgres}, or null if it fails */
	private String queryQuietly(Member member, String sql, String... parameters) {
		try (Connection connection = connect(member, SUPERUSER, SUPERUSER_PASSWORD, "postgres");
				PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				statement.setString(i + 1, parameters[i]);
			}
			try (ResultSet resultSet = statement.executeQuery()) {
				return resultSet.next() ? resultSet.getString(1) : null;
			}
		}
		catch (SQLException ex) {
			return null;
		}
	}

	private static Connection connect(Member member, String user, String password, String database)
			throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", user);
		properties.setProperty("password", password);
		properties.setProperty("connectTimeout", "1");
		properties.setProperty("loginTimeout", "2");
		properties.setProperty("socketTimeout", "2");
		properties.setProperty("ApplicationName", "patroni-cluster-probe");
		return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + member.port() + "/" + database,
				properties);
	}

	private void await(String what, Duration timeout, Duration pollInterval, Callable<Boolean> condition) {
		await(what, timeout, pollInterval, condition, () -> "");
	}

	/** Polls the condition; on timeout throws with the extra detail, the switchover response and the log tails. */
	private void await(String what, Duration timeout, Duration pollInterval, Callable<Boolean> condition,
			Supplier<String> detail) {
		try {
			Awaitility.await(what)
				.atMost(timeout)
				.pollDelay(Duration.ZERO)
				.pollInterval(pollInterval)
				.until(condition);
		}
		catch (ConditionTimeoutException ex) {
			StringBuilder message = new StringBuilder(ex.getMessage());
			String extra = detail.get();
			if (!extra.isEmpty()) {
				message.append("; ").append(extra);
			}
			CompletableFuture<HttpResponse<String>> switchover = this.lastSwitchover;
			if (switchover != null && switchover.isDone() && !switchover.isCompletedExceptionally()) {
				HttpResponse<String> answer = switchover.join();
				message.append("; last switchover answer: HTTP ").append(answer.statusCode()).append(' ')
					.append(answer.body());
			}
			message.append('\n').append(logTails());
			throw new IllegalStateException(message.toString(), ex);
		}
	}

	private String logTails() {
		Set<Path> logs = new LinkedHashSet<>();
		logs.add(etcdLog());
		this.members.forEach((member) -> logs.add(logFile(member)));
		return logs.stream().map(PatroniCluster::tail).collect(Collectors.joining("\n"));
	}

	/** @return the last lines of a log file, headed by its name */
	private static String tail(Path log) {
		List<String> lines;
		try {
			lines = List.of(new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\n"));
		}
		catch (IOException ex) {
			return "--- " + log + ": " + ex + " ---";
		}
		List<String> last = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
		return "--- last " + last.size() + " lines of " + log + " ---\n" + String.join("\n", last);
	}

	private void checkNotClosed() {
		if (this.closed) {
			throw new IllegalStateException("The Patroni cluster is closed");
		}
	}

	private Path memberDirectory(Member member) {
		return this.workDirectory.resolve(member.name());
	}

	private Path dataDirectory(Member member) {
		return memberDirectory(member).resolve("data");
	}

	private Path configFile(Member member) {
		return memberDirectory(member).resolve("patroni.yml");
	}

	private Path logFile(Member member) {
		return memberDirectory(member).resolve("patroni.log");
	}

	private Path etcdLog() {
		return this.workDirectory.resolve("etcd/etcd.log");
	}

	private static void deleteIfExists(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Optional<Path> findProgram(String name) {
		Set<String> directories = new LinkedHashSet<>(SYSTEM_PATH);
		String path = System.getenv("PATH");
		if (path != null) {
			directories.addAll(List.of(path.split(File.pathSeparator)));
		}
		return directories.stream()
			.filter((directory) -> !directory.isEmpty())
			.map((directory) -> Path.of(directory, name))
			.filter(Files::isExecutable)
			.findFirst();
	}

	private static boolean isRoot() {
		try {
			return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
		}
		catch (IOException | UnsupportedOperationException ex) {
			return "root".equals(System.getProperty("user.name"));
		}
	}

	private static UserPrincipal lookupOsUser(UserPrincipalLookupService lookup) throws IOException {
		return lookup.lookupPrincipalByName(OS_USER);
	}

	/**
	 * One Patroni member: a Patroni agent and the PostgreSQL server it runs. Its role (leader or replica)
	 * changes; ask the cluster.
	 * @param name the Patroni member name ({@code member-0} or {@code member-1}), also its
	 * {@code application_name} in the leader's {@code pg_stat_replication}
	 * @param port PostgreSQL's TCP port on {@code 127.0.0.1}
	 * @param restPort the Patroni REST API's TCP port on {@code 127.0.0.1}
	 */
	public record Member(String name, int port, int restPort) implements PostgresEndpoint {

		/** @return {@code jdbc:postgresql://127.0.0.1:<port>/app} */
		public String jdbcUrl() {
			return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + DATABASE;
		}

		/** @return {@code http://127.0.0.1:<restPort>}, the base URL of the member's Patroni REST API */
		public String restUrl() {
			return "http://127.0.0.1:" + this.restPort;
		}

		/** @return the application user, {@value PatroniCluster#USERNAME} */
		public String username() {
			return USERNAME;
		}

		/** @return the application user's password, {@value PatroniCluster#PASSWORD} */
		public String password() {
			return PASSWORD;
		}

	}

}
