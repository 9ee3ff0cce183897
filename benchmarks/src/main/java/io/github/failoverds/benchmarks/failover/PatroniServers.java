package io.github.failoverds.benchmarks.failover;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

import io.github.failoverds.testsupport.PatroniCluster;
import io.github.failoverds.testsupport.PatroniCluster.Member;

/**
 * A real HA cluster: Patroni 3.0 with etcd and two PostgreSQL 15 members in synchronous replication
 * ({@link PatroniCluster}: {@code ttl} 6 s, {@code loop_wait} 1 s, {@code synchronous_mode}). The same cluster
 * serves every trial; the leader alternates between the members, as switchovers and crashes move it, and
 * {@link #heal()} brings a crashed or demoted member back as the synchronous standby.
 */
public final class PatroniServers implements Cluster {

	/** The longest a member may take to accept writes after a switchover or a crash before the trial fails. */
	private static final Duration PROMOTION_TIMEOUT = Duration.ofSeconds(30);

	/** The longest a restarted or demoted member may take to stream again as the synchronous standby. */
	private static final Duration REJOIN_TIMEOUT = Duration.ofSeconds(120);

	private final PatroniCluster patroni;

	/** Members killed by the current trial, to restart. */
	private final List<Member> killed = new ArrayList<>();

	private PatroniServers(PatroniCluster patroni) {
		this.patroni = patroni;
	}

	/**
	 * Start the cluster and create the table on the leader.
	 * @return the running cluster
	 * @throws IllegalStateException if Patroni, etcd or PostgreSQL 15 are not installed, or the cluster does not
	 * come up
	 */
	public static PatroniServers start() {
		PatroniServers cluster = new PatroniServers(PatroniCluster.start());
		try {
			WritesTable.create(cluster.dataSource(cluster.patroni.leader()));
		}
		catch (SQLException | RuntimeException ex) {
			cluster.close();
			throw new IllegalStateException("Could not create the table", ex);
		}
		return cluster;
	}

	/** Waits until every member other than the leader streams from it as the synchronous standby. */
	@Override
	public void setUp() {
		Member leader = this.patroni.leader();
		replicasOf(leader).forEach((replica) -> this.patroni.awaitReplica(replica, REJOIN_TIMEOUT));
	}

	/** @return the leader first, then the replica */
	@Override
	public Topology topology(boolean viaProxy) {
		if (viaProxy) {
			throw new IllegalArgumentException("The Patroni cluster has no fault proxy");
		}
		Member leader = this.patroni.leader();
		List<Topology.Node> nodes = Stream.concat(Stream.of(leader), replicasOf(leader).stream())
			.map((member) -> new Topology.Node(member.name(), "127.0.0.1", member.port()))
			.toList();
		return new Topology(nodes, PatroniCluster.DATABASE, PatroniCluster.USERNAME, PatroniCluster.PASSWORD);
	}

	/**
	 * Ask Patroni for a planned switchover to the replica; {@link PatroniCluster#awaitWritable} tells, on a
	 * thread of its own, when the candidate first accepts a write.
	 * @return the fault, timed from the request; the candidate expected to serve
	 */
	Fault switchover() {
		Member candidate = replicasOf(this.patroni.leader()).get(0);
		long sent = nanoTime(this.patroni.switchover(candidate));
		return Fault.promoting(sent, sent, candidate.port(), awaitWritable(candidate));
	}

	/**
	 * Crash the leader ({@link PatroniCluster#kill}: its Patroni agent and every PostgreSQL process, SIGKILL);
	 * Patroni promotes the replica once the leader key expires. {@link PatroniCluster#awaitWritable} tells, on a
	 * thread of its own, when the replica first accepts a write.
	 * @return the fault, timed from the kill; the replica expected to serve
	 */
	Fault crashLeader() {
		Member leader = this.patroni.leader();
		Member survivor = replicasOf(leader).get(0);
		long at = System.nanoTime();
		this.patroni.kill(leader);
		long done = System.nanoTime();
		this.killed.add(leader);
		return Fault.promoting(at, done, survivor.port(), awaitWritable(survivor));
	}

	/**
	 * Restart the members the trial killed, and wait until every member but the leader is the synchronous
	 * standby again (a demoted or crashed leader is rewound and rejoins).
	 */
	@Override
	public void heal() {
		this.killed.forEach(this.patroni::restart);
		this.killed.clear();
		setUp();
	}

	/**
	 * Count acknowledged commits missing from the leader: with synchronous replication every commit acknowledged
	 * by a former leader reached the member promoted after it.
	 */
	@Override
	public long missingCommits(Map<Long, Integer> acknowledged) throws SQLException {
		return acknowledged.size() - WritesTable.countPresent(dataSource(this.patroni.leader()), acknowledged.keySet());
	}

	@Override
	public void close() {
		this.patroni.close();
	}

	private CompletableFuture<Long> awaitWritable(Member member) {
		return Background.supply("writable-watch-" + member.name(),
				() -> nanoTime(this.patroni.awaitWritable(member, PROMOTION_TIMEOUT)));
	}

	private List<Member> replicasOf(Member leader) {
		return this.patroni.members().stream().filter((member) -> !member.equals(leader)).toList();
	}

	private DataSource dataSource(Member member) {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setUrl(member.jdbcUrl());
		dataSource.setUser(member.username());
		dataSource.setPassword(member.password());
		return dataSource;
	}

	/** The {@link System#nanoTime()} of a recent wall-clock instant. */
	private static long nanoTime(Instant instant) {
		return System.nanoTime() - Duration.between(instant, Instant.now()).toNanos();
	}

}
