package io.github.failoverds.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

import io.github.failoverds.testsupport.PatroniCluster.Member;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests of {@link PatroniCluster} against real etcd, Patroni and PostgreSQL 15 processes: one cluster for the
 * class, taken through a switchover and a crash of its leader, in that order. Skipped where the Debian packages
 * are not installed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PatroniClusterTest {

	private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration REJOIN_TIMEOUT = Duration.ofSeconds(60);

	/** Why the cluster cannot run here; checked per test, so that each is reported as skipped with the reason. */
	private static final Optional<String> UNAVAILABLE = PatroniCluster.unavailableReason();

	private static PatroniCluster cluster;

	@BeforeAll
	static void startCluster() {
		if (UNAVAILABLE.isPresent()) {
			return;
		}
		Instant begin = Instant.now();
		cluster = PatroniCluster.start();
		System.out.printf("Patroni cluster %s up in %d ms%n", cluster,
				Duration.between(begin, Instant.now()).toMillis());
	}

	@BeforeEach
	void requireTheClusterPackages() {
		assumeTrue(UNAVAILABLE.isEmpty(), () -> "Skipped: " + UNAVAILABLE.orElse(""));
	}

	@AfterAll
	static void closeClusterAndCheckNothingIsLeft() {
		if (cluster == null) {
			return;
		}
		Path directory = cluster.workDirectory();
		cluster.close();
		assertThat(directory).doesNotExist();
		assertThat(ProcessHandle.allProcesses()
			.filter((process) -> !EmbeddedPostgresNode.isGone(process))
			.filter((process) -> commandLine(process).contains(directory.toString())))
			.as("processes left behind")
			.isEmpty();
	}

	@Test
	@Order(1)
	void leaderAcceptsWritesTheReplicaIsReadOnlyAndGetsTheRows() throws Exception {
		Member leader = cluster.leader();
		Member replica = other(leader);
		assertThat(leader.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + leader.port() + "/app");
		assertThat(query(leader, "SELECT pg_is_in_recovery()")).isEqualTo("f");
		assertThat(query(leader, "SHOW synchronous_commit")).isEqualTo("on");
		assertThat(query(leader, "SHOW synchronous_standby_names")).contains(replica.name());
		assertThat(query(replica, "SELECT pg_is_in_recovery()")).isEqualTo("t");

		update(leader, "CREATE TABLE item (id int PRIMARY KEY)");
		update(leader, "INSERT INTO item VALUES (1)");

		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> update(replica, "INSERT INTO item VALUES (2)"))
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("25006"));
		Awaitility.await("row 1 replayed on " + replica.name())
			.atMost(Duration.ofSeconds(10))
			.ignoreExceptions()
			.until(() -> query(replica, "SELECT count(*) FROM item WHERE id = 1").equals("1"));
	}

	@Test
	@Order(2)
	void switchoverMakesTheCandidateWritableAndTheOldLeaderRejoinsAsReplica() throws Exception {
		Member leader = cluster.leader();
		Member candidate = other(leader);

		Instant command = cluster.switchover(candidate);
		Instant writable = cluster.awaitWritable(candidate, FAILOVER_TIMEOUT);
		System.out.printf("Switchover %s -> %s: writable %d ms after the command%n", leader.name(), candidate.name(),
				Duration.between(command, writable).toMillis());

		assertThat(cluster.awaitLeaderOtherThan(leader, FAILOVER_TIMEOUT)).isEqualTo(candidate);
		Instant rejoinStart = Instant.now();
		cluster.awaitReplica(leader, REJOIN_TIMEOUT);
		System.out.printf("Old leader %s streaming as synchronous standby %d ms later%n", leader.name(),
				Duration.between(rejoinStart, Instant.now()).toMillis());
		assertThat(query(leader, "SELECT pg_is_in_recovery()")).isEqualTo("t");
		assertThat(cluster.leader()).isEqualTo(candidate);
		update(candidate, "INSERT INTO item VALUES (2)");
		assertThat(query(candidate, "SELECT count(*) FROM item")).isEqualTo("2");
	}

	@Test
	@Order(3)
	void crashedLeaderIsReplacedByTheStandbyWithEveryAcknowledgedCommitAndRejoinsAfterRestart() throws Exception {
		Member leader = cluster.leader();
		Member replica = other(leader);
		update(leader, "INSERT INTO item VALUES (3)");

		assertThat(cluster.crashLeader()).isEqualTo(leader);
		Instant killed = Instant.now();
		Instant writable = cluster.awaitWritable(replica, FAILOVER_TIMEOUT);
		System.out.printf("Crash of %s: %s writable %d ms after the kill%n", leader.name(), replica.name(),
				Duration.between(killed, writable).toMillis());

		assertThat(cluster.awaitLeaderOtherThan(leader, FAILOVER_TIMEOUT)).isEqualTo(replica);
		assertThat(query(replica, "SELECT count(*) FROM item")).as("acknowledged commits after the failover")
			.isEqualTo("3");

		Instant restart = Instant.now();
		cluster.restart(leader);
		cluster.awaitReplica(leader, REJOIN_TIMEOUT);
		System.out.printf("Restarted %s streaming as synchronous standby %d ms after the restart%n", leader.name(),
				Duration.between(restart, Instant.now()).toMillis());
		assertThat(query(leader, "SELECT pg_is_in_recovery()")).isEqualTo("t");
		update(replica, "INSERT INTO item VALUES (4)");
		Awaitility.await("row 4 replayed on " + leader.name())
			.atMost(Duration.ofSeconds(10))
			.ignoreExceptions()
			.until(() -> query(leader, "SELECT count(*) FROM item").equals("4"));
	}

	@Test
	@Order(4)
	void failedStartStopsWhatItStartedAndShowsTheLog(@TempDir Path unreachable) {
		assumeTrue("root".equals(System.getProperty("user.name")),
				"Only as root: then the cluster runs as postgres, which cannot enter a directory private to root");

		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> PatroniCluster.start(unreachable))
			.withMessageContaining("etcd exited")
			.withMessageContaining("etcd.log");

		try (Stream<Path> left = Files.list(unreachable)) {
			assertThat(left).as("cluster directories left behind").isEmpty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		assertThat(ProcessHandle.allProcesses()
			.filter((process) -> !EmbeddedPostgresNode.isGone(process))
			.filter((process) -> commandLine(process).contains(unreachable.toString())))
			.as("processes left behind")
			.isEmpty();
	}

	private static Member other(Member member) {
		return cluster.members().stream().filter((candidate) -> !candidate.equals(member)).findFirst().orElseThrow();
	}

	private static Connection connect(Member member) throws SQLException {
		return DriverManager.getConnection(member.jdbcUrl(), member.username(), member.password());
	}

	private static String query(Member member, String sql) throws SQLException {
		try (Connection connection = connect(member);
				Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery(sql)) {
			resultSet.next();
			return resultSet.getString(1);
		}
	}

	private static void update(Member member, String sql) throws SQLException {
		try (Connection connection = connect(member); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static String commandLine(ProcessHandle process) {
		try {
			return Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline")).replace('\0', ' ');
		}
		catch (Exception ex) {
			return "";
		}
	}

}
