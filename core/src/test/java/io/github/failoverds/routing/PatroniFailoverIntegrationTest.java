package io.github.failoverds.routing;

import java.time.Duration;
import java.time.Instant;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.TestMethodOrder;

import io.github.failoverds.testsupport.PatroniCluster;
import io.github.failoverds.testsupport.PatroniCluster.Member;
import io.github.failoverds.testsupport.WriteLoad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The data source under a real HA manager: Patroni with etcd and two PostgreSQL 15 members in synchronous
 * replication, each test under a 4-thread write load with every acknowledged commit checked on the final
 * leader. A planned switchover fails no write but those in flight on the old leader when it shuts down;
 * after a crash of the leader, writes wait for Patroni's promotion (await-writable) and resume within a
 * second of the new leader accepting writes; the old leader rejoins as a replica and never receives a write.
 * Skipped, with the reason, where Patroni, etcd or PostgreSQL 15 are not installed.
 */
@TestInstance(Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PatroniFailoverIntegrationTest {

	private static final int WRITERS = 4;

	/** Patroni's promotion after a leader crash takes its leader-key TTL (6 s here) and a little more. */
	private static final Duration AWAIT_WRITABLE = Duration.ofSeconds(20);

	private static final Duration WAIT = Duration.ofSeconds(40);

	private PatroniCluster cluster;

	private FailoverDataSource dataSource;

	private WriteLoad load;

	@BeforeEach
	void startClusterOnce() {
		assumeTrue(PatroniCluster.isAvailable(), () -> "Patroni test skipped: " + PatroniCluster.unavailableReason().orElse(""));
		if (this.cluster == null) {
			this.cluster = PatroniCluster.start();
			try (HikariDataSource leader = new HikariDataSource(this.cluster.leader().poolConfig(1))) {
				WriteLoad.createTable(leader);
			}
		}
		FailoverDataSourceBuilder builder = FailoverDataSource.builder()
			.connectionTimeout(Duration.ofSeconds(30))
			.awaitWritable(AWAIT_WRITABLE)
			.health(Duration.ofMillis(500), Duration.ofMillis(500), 2, 2, 20)
			.failback(true, Duration.ofSeconds(2));
		for (Member member : this.cluster.members()) {
			builder.node(member.name(), member.poolConfig(10));
		}
		this.dataSource = builder.build();
		this.load = WriteLoad.start(WRITERS, WriteLoad.jdbc(this.dataSource));
	}

	@AfterEach
	void stopLoad() {
		if (this.load != null) {
			this.load.close();
		}
		if (this.dataSource != null) {
			this.dataSource.close();
		}
	}

	@AfterAll
	void stopCluster() {
		if (this.cluster != null) {
			this.cluster.close();
		}
	}

	@Test
	@Order(1)
	void aPlannedSwitchoverFailsOnlyWritesInFlightOnTheOldLeader() {
		Member leader = this.cluster.leader();
		Member candidate = other(leader);
		this.cluster.awaitReplica(candidate, WAIT);
		this.load.awaitCommitsOn(leader.port(), 20, WAIT);
		this.cluster.switchover(candidate);
		this.load.awaitCommitsOn(candidate.port(), 50, WAIT);
		this.cluster.awaitReplica(leader, WAIT);
		long rejoined = this.load.commitsOn(leader.port());
		this.load.awaitCommitsOn(candidate.port(), 50, WAIT);
		this.load.stop(WAIT);
		assertThat(this.load.failures()).as("writes in flight when the old leader shut down")
			.hasSizeLessThanOrEqualTo(WRITERS);
		assertThat(this.load.commitsOn(leader.port())).as("writes to the old leader once it is a replica")
			.isEqualTo(rejoined);
		assertNoAcknowledgedCommitLost(candidate);
	}

	@Test
	@Order(2)
	void afterALeaderCrashWritesWaitForThePromotionAndTheOldLeaderRejoinsAsAReplica() {
		Member leader = this.cluster.leader();
		Member survivor = other(leader);
		this.cluster.awaitReplica(survivor, WAIT);
		this.load.awaitCommitsOn(leader.port(), 20, WAIT);
		this.cluster.kill(leader);
		long crash = System.nanoTime();
		Instant writableAt = this.cluster.awaitWritable(survivor, WAIT);
		long writableNanos = System.nanoTime() - Duration.between(writableAt, Instant.now()).toNanos();
		this.load.awaitCommitsOn(survivor.port(), 20, WAIT);
		long firstCommit = this.load.calls()
			.stream()
			.filter((call) -> call.port() == survivor.port())
			.mapToLong(WriteLoad.Call::endNanos)
			.min()
			.orElseThrow();
		assertThat(Duration.ofNanos(firstCommit - writableNanos))
			.as("first commit on the new leader after it accepted writes")
			.isLessThanOrEqualTo(Duration.ofSeconds(1));
		// the crash takes a moment (the postmaster is stopped, then killed with its children): every failed
		// write started before it was over, none after
		assertThat(this.load.calls()).filteredOn((call) -> call.failure() != null && call.startNanos() > crash)
			.as("failed writes that started after the crash")
			.isEmpty();
		long beforeRejoin = this.load.commitsOn(leader.port());
		this.cluster.restart(leader);
		this.cluster.awaitReplica(leader, WAIT);
		await().atMost(WAIT)
			.until(() -> this.dataSource.getNodes()
				.stream()
				.anyMatch((node) -> node.name().equals(leader.name()) && node.health().isUp()));
		this.load.awaitCommitsOn(survivor.port(), 50, WAIT);
		this.load.stop(WAIT);
		assertThat(this.load.commitsOn(leader.port())).as("writes to the old leader after it rejoined")
			.isEqualTo(beforeRejoin);
		assertThat(this.dataSource.getPolicy().splitBrainNodes()).isEmpty();
		assertNoAcknowledgedCommitLost(survivor);
	}

	private void assertNoAcknowledgedCommitLost(Member leader) {
		HikariConfig config = leader.poolConfig(1);
		try (HikariDataSource direct = new HikariDataSource(config)) {
			assertThat(this.load.missingAcknowledgedCommitsIn(direct)).as("acknowledged commits lost").isEmpty();
		}
	}

	private Member other(Member member) {
		return this.cluster.members().stream().filter((candidate) -> !candidate.equals(member)).findFirst().orElseThrow();
	}

}
