package io.github.failoverds.benchmarks.failover;

import java.util.Optional;

import io.github.failoverds.testsupport.PatroniCluster;

/**
 * The kinds of servers a scenario runs against. The runner starts each kind once, for every scenario that needs
 * it.
 */
public enum Testbed {

	/** Two independent, writable servers; a fault proxy in front of the primary ({@link IndependentServers}). */
	INDEPENDENT_SERVERS {
		@Override
		public Cluster start() {
			return IndependentServers.start();
		}
	},

	/** A primary and a synchronous, read-only standby, new for every trial ({@link StreamingReplication}). */
	STREAMING_REPLICATION {
		@Override
		public Cluster start() {
			return StreamingReplication.start();
		}
	},

	/** Patroni, etcd and two PostgreSQL 15 members ({@link PatroniServers}). */
	PATRONI {
		@Override
		public Cluster start() {
			return PatroniServers.start();
		}

		@Override
		public Optional<String> unavailableReason() {
			return PatroniCluster.unavailableReason();
		}
	};

	/**
	 * Start the servers.
	 * @return the running cluster
	 */
	public abstract Cluster start();

	/**
	 * Tells whether this machine can run these servers.
	 * @return why not, or empty if it can
	 */
	public Optional<String> unavailableReason() {
		return Optional.empty();
	}

}
