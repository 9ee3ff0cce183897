package io.github.failoverds.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.awaitility.Awaitility;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL server (zonky embedded binaries) that a test can {@linkplain #kill() crash},
 * {@linkplain #stop() stop} and {@linkplain #restart() restart} on the same port and data directory.
 * <p>
 * Each node owns a temporary data directory and a loopback port reserved for its whole lifetime. The server
 * runs with {@code synchronous_commit=on}, so a commit acknowledged to a client survives {@link #kill()}
 * (zonky's default {@code fsync=off} is kept: a process kill does not lose data already handed to the OS).
 * Unix-domain sockets are disabled; clients connect over TCP to {@code 127.0.0.1}. Authentication is
 * {@code trust}: any password is accepted for user {@value #USERNAME}.
 * <p>
 * {@link #kill()}, {@link #stop()}, {@link #restart()} and {@link #close()} may be called in any order;
 * {@link #close()} always stops the server and deletes the data directory. Linux only ({@code /proc} and
 * {@code kill(1)} are used to crash the server).
 */
public final class EmbeddedPostgresNode implements PostgresEndpoint, AutoCloseable {

	private static final String USERNAME = "postgres";

	private static final String DATABASE = "postgres";

	private static final Duration PROCESS_EXIT_TIMEOUT = Duration.ofSeconds(20);

	/** Ports of live nodes: a killed node keeps its port even though nothing listens on it. */
	private static final Set<Integer> RESERVED_PORTS = ConcurrentHashMap.newKeySet();

	private final String name;

	private final int port;

	private final Path dataDirectory;

	/** Extra server settings, applied after the defaults on every start. */
	private final Map<String, String> serverConfig;

	private final Thread shutdownHook;

	/** The running server, {@code null} while killed, stopped or closed. */
	private EmbeddedPostgres server;

	private boolean closed;

	private EmbeddedPostgresNode(String name, int port, Path dataDirectory, Map<String, String> serverConfig) {
		this.name = name;
		this.port = port;
		this.dataDirectory = dataDirectory;
		this.serverConfig = Map.copyOf(serverConfig);
		this.shutdownHook = new Thread(this::close, "embedded-postgres-" + name + "-shutdown");
	}

	/**
	 * Initialises a fresh cluster in a new temporary directory and starts it on a free loopback port.
	 * @param name a label for logs and assertions, e.g. {@code "primary"}
	 * @return the running node; close it to stop the server and delete its data
	 */
	public static EmbeddedPostgresNode start(String name) {
		return start(name, Map.of());
	}

	/**
	 * Initialises a fresh cluster in a new temporary directory and starts it on a free loopback port, with extra
	 * server settings.
	 * @param name a label for logs and assertions, e.g. {@code "primary"}
	 * @param serverConfig settings passed to the server on every start ({@code -c name=value}); they override the
	 * defaults of this class, and a value must not contain spaces
	 * @return the running node; close it to stop the server and delete its data
	 */
	public static EmbeddedPostgresNode start(String name, Map<String, String> serverConfig) {
		int port = reservePort();
		Path dataDirectory;
		try {
			dataDirectory = Files.createTempDirectory(temporaryDirectoryPrefix(name));
		}
		catch (IOException ex) {
			RESERVED_PORTS.remove(port);
			throw new UncheckedIOException(ex);
		}
		return launch(new EmbeddedPostgresNode(name, port, dataDirectory, serverConfig));
	}

	/**
	 * Starts a server on an existing data directory (for example a copy of another node's, to make a standby) on
	 * a free loopback port. The node takes the directory over: {@link #close()} deletes it.
	 * @param name a label for logs and assertions, e.g. {@code "standby-1"}
	 * @param dataDirectory an initialised data directory that no server uses
	 * @param serverConfig settings passed to the server on every start, as for {@link #start(String, Map)}
	 * @return the running node
	 */
	public static EmbeddedPostgresNode startOn(String name, Path dataDirectory, Map<String, String> serverConfig) {
		return launch(new EmbeddedPostgresNode(name, reservePort(), dataDirectory, serverConfig));
	}

	/**
	 * A prefix for a temporary directory of a node.
	 * @param name the node's label
	 * @return the prefix, with the label made safe for a file name
	 */
	static String temporaryDirectoryPrefix(String name) {
		return "epg-" + name.replaceAll("[^A-Za-z0-9_-]", "_") + "-";
	}

	private static EmbeddedPostgresNode launch(EmbeddedPostgresNode node) {
		Runtime.getRuntime().addShutdownHook(node.shutdownHook);
		try {
			node.restart();
			return node;
		}
		catch (RuntimeException ex) {
			node.close();
			throw ex;
		}
	}

	/**
	 * Starts one node per name, in parallel.
	 * @param names the node names, in the order of the returned list
	 * @return the running nodes; if any fails to start, the others are closed and the failure is thrown
	 */
	public static List<EmbeddedPostgresNode> startAll(String... names) {
		ExecutorService executor = Executors.newFixedThreadPool(Math.max(1, names.length));
		try {
			List<CompletableFuture<EmbeddedPostgresNode>> futures = Stream.of(names)
				.map((name) -> CompletableFuture.supplyAsync(() -> start(name), executor))
				.toList();
			List<EmbeddedPostgresNode> nodes = new ArrayList<>();
			RuntimeException failure = null;
			for (CompletableFuture<EmbeddedPostgresNode> future : futures) {
				try {
					nodes.add(future.join());
				}
				catch (CompletionException ex) {
					RuntimeException cause = (ex.getCause() instanceof RuntimeException runtime) ? runtime : ex;
					if (failure == null) {
						failure = cause;
					}
					else {
						failure.addSuppressed(cause);
					}
				}
			}
			if (failure != null) {
				nodes.forEach(EmbeddedPostgresNode::close);
				throw failure;
			}
			return nodes;
		}
		finally {
			executor.shutdown();
		}
	}

	/** @return the label given at start */
	public String name() {
		return this.name;
	}

	/** @return the TCP port on 127.0.0.1; it stays the same across kill and restart */
	public int port() {
		return this.port;
	}

	/** @return {@code jdbc:postgresql://127.0.0.1:<port>/postgres} */
	public String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + DATABASE;
	}

	/** @return the superuser name, {@value #USERNAME} */
	public String username() {
		return USERNAME;
	}

	/** @return a password for {@link #username()}; the server uses trust authentication and ignores it */
	public String password() {
		return USERNAME;
	}

	/** @return the cluster's data directory, deleted by {@link #close()} */
	public Path dataDirectory() {
		return this.dataDirectory;
	}

	/** @return whether the server was started and has not been killed, stopped or closed since */
	public synchronized boolean isRunning() {
		return this.server != null;
	}

	/**
	 * A non-pooled data source connecting straight to this node, for assertions on one server.
	 * @return a new {@link PGSimpleDataSource} for database {@code postgres}
	 */
	public DataSource directDataSource() {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setServerNames(new String[] { "127.0.0.1" });
		dataSource.setPortNumbers(new int[] { this.port });
		dataSource.setDatabaseName(DATABASE);
		dataSource.setUser(USERNAME);
		dataSource.setPassword(password());
		return dataSource;
	}

	/**
	 * Crashes the server: SIGKILLs the postmaster and every backend and auxiliary process, as a process crash
	 * or OOM kill would. Returns once all of them are dead and the port refuses connections. Acknowledged
	 * commits survive; {@link #restart()} runs crash recovery. Does nothing if the server is not running.
	 * <p>
	 * Zonky logs an error ("Could not stop postmaster") while this method releases its handle on the dead
	 * server: that log is expected.
	 */
	public synchronized void kill() {
		if (this.server == null) {
			return;
		}
		long pid = postmasterPid();
		// Freeze the postmaster so that it can neither fork new backends nor react to its children dying, and kill
		// it last: backends that see it die first would send clients a goodbye (57P01) instead of vanishing.
		signal("STOP", pid);
		List<ProcessHandle> processes = ProcessHandle.of(pid)
			.map((postmaster) -> Stream.concat(postmaster.descendants(), Stream.of(postmaster)).toList())
			.orElse(List.of());
		processes.forEach(ProcessHandle::destroyForcibly);
		Awaitility.await("death of " + this.name + "'s processes")
			.atMost(PROCESS_EXIT_TIMEOUT)
			.pollInterval(Duration.ofMillis(10))
			.until(() -> processes.stream().allMatch(EmbeddedPostgresNode::isGone));
		awaitPortClosed();
		// A stale pid file would make pg_ctl signal (or postgres refuse to start because of) a recycled pid.
		deleteIfExists(this.dataDirectory.resolve("postmaster.pid"));
		closeServer();
	}

	/**
	 * Shuts the server down cleanly ({@code pg_ctl stop -m fast}), keeping the data directory. Does nothing if
	 * the server is not running.
	 */
	public synchronized void stop() {
		if (this.server == null) {
			return;
		}
		closeServer();
		awaitPortClosed();
	}

	/**
	 * Starts the server on the same port and data directory, stopping it cleanly first if it is running.
	 * Returns when it accepts connections; after {@link #kill()} this includes crash recovery.
	 * @throws IllegalStateException if the node is closed
	 */
	public synchronized void restart() {
		if (this.closed) {
			throw new IllegalStateException("Node " + this.name + " is closed");
		}
		stop();
		try {
			EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
				.setPort(this.port)
				.setDataDirectory(this.dataDirectory)
				.setCleanDataDirectory(false)
				.setRegisterShutdownHook(false)
				.setPGStartupWait(Duration.ofSeconds(60))
				.setServerConfig("synchronous_commit", "on")
				.setServerConfig("max_connections", "300")
				.setServerConfig("unix_socket_directories", "");
			this.serverConfig.forEach(builder::setServerConfig);
			this.server = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start PostgreSQL node " + this.name, ex);
		}
	}

	/** Stops the server if it is running, deletes the data directory and frees the port. Idempotent. */
	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		try {
			stop();
		}
		finally {
			this.closed = true;
			deleteRecursively(this.dataDirectory);
			RESERVED_PORTS.remove(this.port);
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
		return "EmbeddedPostgresNode[" + this.name + " @ 127.0.0.1:" + this.port + "]";
	}

	private long postmasterPid() {
		try {
			return Long.parseLong(Files.readAllLines(this.dataDirectory.resolve("postmaster.pid")).get(0).trim());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No postmaster.pid for running node " + this.name, ex);
		}
	}

	/** Releases zonky's handle (and its lock on the data directory); stops the server if it is still alive. */
	private void closeServer() {
		try {
			this.server.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			this.server = null;
		}
	}

	private void awaitPortClosed() {
		Awaitility.await("port " + this.port + " of " + this.name + " to refuse connections")
			.atMost(PROCESS_EXIT_TIMEOUT)
			.pollInterval(Duration.ofMillis(10))
			.until(() -> !accepts(this.port));
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
			return true;
		}
		catch (ConnectException ex) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	/** A zombie counts as gone: it holds no memory, sockets or files, and nobody may ever reap it. */
	static boolean isGone(ProcessHandle process) {
		if (!process.isAlive()) {
			return true;
		}
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
			char state = stat.charAt(stat.lastIndexOf(')') + 2);
			return state == 'Z' || state == 'X';
		}
		catch (NoSuchFileException ex) {
			return true;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static void signal(String signal, long pid) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
			if (kill.waitFor() != 0) {
				throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Picks a free port below the ephemeral range, so that while the node is down the kernel cannot hand the
	 * port to an outgoing connection and block the restart. {@link #releasePort(int)} gives it back.
	 * @return a port no other node or {@link PatroniCluster} of this JVM holds, free when chosen
	 */
	static int reservePort() {
		int high = ephemeralPortRangeStart();
		int low = Math.max(1024, high - 20_000);
		if (high - low < 1000) {
			low = 20_000;
			high = 30_000;
		}
		for (int attempt = 0; attempt < 1000; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(low, high);
			if (RESERVED_PORTS.add(port)) {
				if (isBindable(port)) {
					return port;
				}
				RESERVED_PORTS.remove(port);
			}
		}
		throw new IllegalStateException("No free port in [" + low + ", " + high + ")");
	}

	/**
	 * Gives back a port taken with {@link #reservePort()}.
	 * @param port the port
	 */
	static void releasePort(int port) {
		RESERVED_PORTS.remove(port);
	}

	private static int ephemeralPortRangeStart() {
		try {
			return Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim()
				.split("\\s+")[0]);
		}
		catch (IOException | RuntimeException ex) {
			return 32768;
		}
	}

	private static boolean isBindable(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress("127.0.0.1", port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static void deleteIfExists(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static void deleteRecursively(Path directory) {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach(EmbeddedPostgresNode::deleteIfExists);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
