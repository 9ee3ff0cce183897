package io.github.failoverds.benchmarks.failover;

import java.sql.SQLException;
import java.util.Map;

/**
 * The servers a scenario runs against, as the trials use them: each trial sets them up, opens its clients on
 * their {@link #topology(boolean) topology}, injects its fault, heals them and counts the acknowledged commits
 * they lost. Every server has a table {@code writes} that the load inserts into.
 */
public interface Cluster extends AutoCloseable {

	/**
	 * Bring the servers into a trial's starting state: every node running, the primary writable. Called before
	 * each trial, after the previous one has {@linkplain #heal() healed}.
	 */
	void setUp();

	/**
	 * How clients reach the servers now.
	 * @param viaProxy whether the primary is reached through a fault proxy (only clusters that have one accept
	 * {@code true})
	 * @return the nodes in priority order, the primary first
	 */
	Topology topology(boolean viaProxy);

	/**
	 * Undo what the trial's fault left behind, as far as counting lost commits needs it (a killed server that
	 * holds acknowledged commits is restarted, a proxy forwards again).
	 */
	void heal();

	/**
	 * Count acknowledged commits that are missing where they must be: on the server that acknowledged them
	 * for independent servers, on the surviving primary for replicated ones. Call after {@link #heal()}.
	 * @param acknowledged row id to the port of the server that acknowledged its insert
	 * @return the number of missing rows
	 * @throws SQLException if a server cannot be queried
	 */
	long missingCommits(Map<Long, Integer> acknowledged) throws SQLException;

	/** Stop every server and delete its data. */
	@Override
	void close();

}
