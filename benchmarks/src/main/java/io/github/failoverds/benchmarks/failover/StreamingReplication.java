package io.github.failoverds.benchmarks.failover;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.failoverds.testsupport.EmbeddedPostgresNode;
import io.github.failoverds.testsupport.PostgresReplicationCluster;

/**
 * A primary and a read-only hot standby in streaming replication ({@link PostgresReplicationCluster}, embedded
 * PostgreSQL), the standby synchronous: every commit the primary acknowledges is on the standby. No HA manager:
 * a scenario promotes the standby itself. A promotion cannot be undone, so every trial gets new servers.
 */
public final class StreamingReplication implements Cluster {

	private static final String HOST = "127.0.0.1";

	/** The longest a promotion may take before the trial fails. */
	private static final Duration PROMOTION_TIMEOUT = Duration.ofSeconds(30);

	/** The servers of the current trial, {@code null} before the first. */
	private PostgresReplicationCluster servers;

	/**
	 * Servers are started per trial, by {@link #setUp()}.
	 * @return the (empty) cluster
	 */
	public static StreamingReplication start() {
		return new StreamingReplication();
	}

	/**
	 * Replace the previous trial's servers by a new primary and a new synchronous standby, with the table
	 * created on the primary and replayed on the standby.
	 */
	@Override
	public void setUp() {
		close();
		this.servers = PostgresReplicationCluster.start("primary", "standby");
		try {
			WritesTable.create(this.servers.primary().directDataSource());
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create the table", ex);
		}
		this.servers.awaitReplayed(this.servers.standby());
		this.servers.replicateSynchronously(this.servers.standby());
	}

	@Override
	public Topology topology(boolean viaProxy) {
		if (viaProxy) {
			throw new IllegalArgumentException("Streaming replication has no fault proxy");
		}
		EmbeddedPostgresNode primary = this.servers.primary();
		return new Topology(List.of(new Topology.Node("primary", HOST, primary.port()),
				new Topology.Node("standby", HOST, this.servers.standby().port())), "postgres", primary.username(),
				primary.password());
	}

	/**
	 * SIGKILL the primary; promote the standby after a delay, on a thread of its own, while a
	 * {@link WritableWatch} tells when it first accepts a write.
	 * @param promotionDelay from the kill to {@code pg_promote()}
	 * @return the fault, the standby expected to serve
	 */
	Fault crashPrimaryThenPromote(Duration promotionDelay) {
		EmbeddedPostgresNode standby = this.servers.standby();
		long at = System.nanoTime();
		this.servers.primary().kill();
		long done = System.nanoTime();
		CompletableFuture<Long> writable = WritableWatch.start(standby.name(), standby.directDataSource(),
				promotionDelay.plus(PROMOTION_TIMEOUT));
		CompletableFuture<Void> promotion = Background.supply("promote-" + standby.name(), () -> {
			Thread.sleep(Math.max(0, (at + promotionDelay.toNanos() - System.nanoTime()) / 1_000_000));
			this.servers.promote(standby);
			return null;
		});
		return Fault.promoting(at, done, standby.port(), promotion.thenCombine(writable, (promoted, writableAt) -> writableAt));
	}

	/**
	 * Nothing to do: the killed primary stays down (restarted, it would be a second primary), the standby that
	 * holds every acknowledged commit runs, and {@link #setUp()} replaces both.
	 */
	@Override
	public void heal() {
	}

	/**
	 * Count acknowledged commits missing from the standby: with synchronous replication every commit the
	 * primary acknowledged reached it, and after the promotion it is the primary.
	 */
	@Override
	public long missingCommits(Map<Long, Integer> acknowledged) throws SQLException {
		return acknowledged.size()
				- WritesTable.countPresent(this.servers.standby().directDataSource(), acknowledged.keySet());
	}

	@Override
	public void close() {
		if (this.servers != null) {
			this.servers.close();
			this.servers = null;
		}
	}

}
