package io.github.failoverds.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.awaitility.Awaitility;

/**
 * A PostgreSQL primary and hot standbys in asynchronous streaming replication, on {@link EmbeddedPostgresNode}s.
 * <p>
 * zonky's binaries have no {@code pg_basebackup}, so each standby is a cold copy: the primary is initialised and
 * stopped cleanly, its data directory is copied, and the copy gets a {@code standby.signal} file and a
 * {@code primary_conninfo} in its {@code postgresql.auto.conf}; then the primary and the standbys start. initdb's
 * default {@code pg_hba.conf} already trusts replication connections from 127.0.0.1, so nothing else is needed.
 * <p>
 * Replication is asynchronous, as it is by default in production: a commit acknowledged by the primary may not be
 * on a standby yet; {@link #awaitReplayed(EmbeddedPostgresNode)} waits until it is. {@link #replicateSynchronously}
 * makes a standby synchronous, so that no acknowledged commit is missing from it. A killed primary restarted
 * with {@link EmbeddedPostgresNode#restart()} after its standby was {@linkplain #promote(EmbeddedPostgresNode)
 * promoted} comes back as a second writable primary: a split brain, as after a failover without fencing.
 * Closing the cluster closes every node.
 */
public final class PostgresReplicationCluster implements AutoCloseable {

	/**
	 * What a primary needs to stream WAL and a standby to serve reads (PostgreSQL 14's defaults, made explicit),
	 * and enough WAL kept on the primary for a standby that was down for a while to catch up.
	 */
	private static final Map<String, String> REPLICATION_SETTINGS = Map.of("wal_level", "replica", "max_wal_senders",
			"10", "hot_standby", "on", "wal_keep_size", "64MB");

	/** Files of a running server that a copy of its data directory must not take. */
	private static final Set<String> RUNTIME_FILES = Set.of("postmaster.pid", "postmaster.opts", "epg-lock");

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final EmbeddedPostgresNode primary;

	private final List<EmbeddedPostgresNode> standbys;

	private PostgresReplicationCluster(EmbeddedPostgresNode primary, List<EmbeddedPostgresNode> standbys) {
		this.primary = primary;
		this.standbys = List.copyOf(standbys);
	}

	/**
	 * Starts a primary and its standbys, and waits until every standby streams from the primary.
	 * @param primaryName the primary's label
	 * @param standbyNames the standbys' labels (also their {@code application_name} on the primary)
	 * @return the running cluster; close it to stop every server and delete its data
	 */
	public static PostgresReplicationCluster start(String primaryName, String... standbyNames) {
		EmbeddedPostgresNode primary = EmbeddedPostgresNode.start(primaryName, REPLICATION_SETTINGS);
		List<EmbeddedPostgresNode> standbys = new ArrayList<>();
		List<Path> copies = new ArrayList<>();
		try {
			primary.stop();
			for (String name : standbyNames) {
				Path copy = temporaryDirectory(name);
				copies.add(copy);
				makeStandbyCopy(primary, copy, name);
			}
			primary.restart();
			for (int i = 0; i < standbyNames.length; i++) {
				standbys.add(EmbeddedPostgresNode.startOn(standbyNames[i], copies.get(i), REPLICATION_SETTINGS));
			}
			PostgresReplicationCluster cluster = new PostgresReplicationCluster(primary, standbys);
			cluster.awaitStreaming();
			return cluster;
		}
		catch (RuntimeException ex) {
			copies.subList(standbys.size(), copies.size()).forEach(EmbeddedPostgresNode::deleteRecursively);
			standbys.forEach(EmbeddedPostgresNode::close);
			primary.close();
			throw ex;
		}
	}

	/**
	 * Starts a primary and its standbys with {@link WriteLoad}'s table, and waits until every standby has
	 * replayed it.
	 * @param primaryName the primary's label
	 * @param standbyNames the standbys' labels
	 * @return the running cluster; close it to stop every server and delete its data
	 */
	public static PostgresReplicationCluster startWithWriteTable(String primaryName, String... standbyNames) {
		PostgresReplicationCluster cluster = start(primaryName, standbyNames);
		WriteLoad.createTable(cluster.primary().directDataSource());
		cluster.standbys().forEach(cluster::awaitReplayed);
		return cluster;
	}

	/**
	 * Starts {@code primary} and one standby, {@code standby-1}, with {@link WriteLoad}'s table, the standby
	 * making every commit visible only after a delay: the set-up of the read-your-writes tests.
	 * @param applyDelay how late the standby applies every commit
	 * @return the running cluster; close it to stop every server and delete its data
	 */
	public static PostgresReplicationCluster startWithLaggingStandby(Duration applyDelay) {
		PostgresReplicationCluster cluster = startWithWriteTable("primary", "standby-1");
		cluster.applyDelay(cluster.standby(), applyDelay);
		return cluster;
	}

	/** @return the node started as the primary (after a promotion, the old primary) */
	public EmbeddedPostgresNode primary() {
		return this.primary;
	}

	/** @return the first standby */
	public EmbeddedPostgresNode standby() {
		return this.standbys.get(0);
	}

	/** @return the standbys, in the order of their names at start */
	public List<EmbeddedPostgresNode> standbys() {
		return this.standbys;
	}

	/**
	 * Waits until every running standby streams from the primary (for example after a standby was restarted).
	 */
	public void awaitStreaming() {
		long running = this.standbys.stream().filter(EmbeddedPostgresNode::isRunning).count();
		Awaitility.await("standbys streaming from " + this.primary.name())
			.atMost(WAIT)
			.ignoreExceptions()
			.until(() -> Long.parseLong(queryForString(this.primary,
					"SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")) == running);
	}

	/**
	 * Waits until the standby has replayed everything the primary has written so far.
	 * @param standby a standby of this cluster
	 */
	public void awaitReplayed(EmbeddedPostgresNode standby) {
		String primaryPosition = queryForString(this.primary, "SELECT pg_current_wal_lsn()::text");
		Awaitility.await(standby.name() + " replaying up to " + primaryPosition)
			.atMost(WAIT)
			.until(() -> Boolean.parseBoolean(
					queryForString(standby, "SELECT (pg_last_wal_replay_lsn() >= ?::pg_lsn)::text", primaryPosition)));
	}

	/**
	 * Makes replication to a standby synchronous ({@code synchronous_standby_names} on the primary, with its
	 * {@code synchronous_commit=on}): the primary acknowledges a commit only once the standby has flushed it, so the
	 * standby, once promoted, has every acknowledged commit. While the standby is down, commits on the primary wait
	 * for it. The setting is stored in the primary's {@code postgresql.auto.conf} and outlives a restart: an old
	 * primary restarted after the standby's promotion waits for it too, and never acknowledges a commit. Returns once
	 * the primary reports the standby as synchronous.
	 * @param standby a standby of this cluster
	 */
	public void replicateSynchronously(EmbeddedPostgresNode standby) {
		execute(this.primary, "ALTER SYSTEM SET synchronous_standby_names = '\"" + standby.name() + "\"'");
		queryForString(this.primary, "SELECT pg_reload_conf()::text");
		Awaitility.await(standby.name() + " replicating synchronously from " + this.primary.name())
			.atMost(WAIT)
			.until(() -> "sync".equals(queryForString(this.primary,
					"SELECT coalesce(max(sync_state), 'none') FROM pg_stat_replication WHERE application_name = ?",
					standby.name())));
	}

	/**
	 * Promotes a standby to primary with {@code SELECT pg_promote()}, as a cluster manager would, and returns
	 * once it accepts writes.
	 * @param standby a standby of this cluster
	 */
	public void promote(EmbeddedPostgresNode standby) {
		if (!Boolean.parseBoolean(queryForString(standby, "SELECT pg_promote()::text"))) {
			throw new IllegalStateException("pg_promote() did not promote " + standby.name() + " in time");
		}
	}

	/**
	 * Delays the replay of every commit on a standby by a fixed time ({@code recovery_min_apply_delay}), as a
	 * standby that lags behind would: WAL still arrives at once, the transactions become visible only after the
	 * delay. Takes effect at the configuration reload this method makes; {@link Duration#ZERO} turns it off.
	 * @param standby a standby of this cluster
	 * @param delay the delay, in whole milliseconds
	 */
	public void applyDelay(EmbeddedPostgresNode standby, Duration delay) {
		execute(standby, "ALTER SYSTEM SET recovery_min_apply_delay = '" + delay.toMillis() + "ms'");
		queryForString(standby, "SELECT pg_reload_conf()::text");
	}

	/**
	 * Stops the replay of WAL on a standby ({@code pg_wal_replay_pause()}): it keeps receiving WAL but falls
	 * behind, until {@link #resumeReplay(EmbeddedPostgresNode)}.
	 * @param standby a standby of this cluster
	 */
	public void pauseReplay(EmbeddedPostgresNode standby) {
		queryForString(standby, "SELECT pg_wal_replay_pause()::text");
	}

	/**
	 * Resumes the replay of WAL on a standby paused by {@link #pauseReplay(EmbeddedPostgresNode)}.
	 * @param standby a standby of this cluster
	 */
	public void resumeReplay(EmbeddedPostgresNode standby) {
		queryForString(standby, "SELECT pg_wal_replay_resume()::text");
	}

	/**
	 * Runs a query that returns one value on one node, over a direct connection.
	 * @param node the node
	 * @param sql the query, with {@code ?} for each parameter
	 * @param parameters the parameters, bound as strings
	 * @return the value as a string
	 */
	public static String queryForString(EmbeddedPostgresNode node, String sql, String... parameters) {
		DataSource dataSource = node.directDataSource();
		try (Connection connection = dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				statement.setString(i + 1, parameters[i]);
			}
			try (ResultSet resultSet = statement.executeQuery()) {
				if (!resultSet.next()) {
					throw new IllegalStateException("No row from " + sql + " on " + node.name());
				}
				return resultSet.getString(1);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql + " failed on " + node.name(), ex);
		}
	}

	/** Closes every node: servers stopped, data directories deleted. */
	@Override
	public void close() {
		this.standbys.forEach(EmbeddedPostgresNode::close);
		this.primary.close();
	}

	private static void execute(EmbeddedPostgresNode node, String sql) {
		try (Connection connection = node.directDataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql + " failed on " + node.name(), ex);
		}
	}

	private static Path temporaryDirectory(String name) {
		try {
			return Files.createTempDirectory(EmbeddedPostgresNode.temporaryDirectoryPrefix(name));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void makeStandbyCopy(EmbeddedPostgresNode primary, Path copy, String name) {
		try {
			copyDataDirectory(primary.dataDirectory(), copy);
			Files.createFile(copy.resolve("standby.signal"));
			Files.writeString(copy.resolve("postgresql.auto.conf"),
					"primary_conninfo = 'host=127.0.0.1 port=" + primary.port() + " user=" + primary.username()
							+ " application_name=" + name + "'\n",
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not make a standby " + name + " of " + primary.name(), ex);
		}
	}

	private static void copyDataDirectory(Path source, Path target) throws IOException {
		try (Stream<Path> paths = Files.walk(source)) {
			for (Path path : (Iterable<Path>) paths::iterator) {
				Path destination = target.resolve(source.relativize(path).toString());
				if (path.equals(source) || RUNTIME_FILES.contains(path.getFileName().toString())) {
					continue;
				}
				Files.copy(path, destination, StandardCopyOption.COPY_ATTRIBUTES);
			}
		}
	}

}
