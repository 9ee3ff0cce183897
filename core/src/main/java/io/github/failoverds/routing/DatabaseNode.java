package io.github.failoverds.routing;

import java.sql.Connection;
import java.sql.SQLException;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.pool.HikariPool;

import io.github.failoverds.support.SecretMasker;
import io.github.failoverds.health.NodeHealth;
import io.github.failoverds.health.NodeStatus;
import io.github.failoverds.health.ProbeResult;

/**
 * One database node: its name, its priority (0 is the preferred primary), its own HikariCP pool and
 * its health state.
 */
public final class DatabaseNode {

	private final String name;

	private final int priority;

	private final HikariDataSource pool;

	private final HikariPool hikariPool;

	private final NodeHealth health;

	private final SecretMasker masker;

	/**
	 * Create a node around a started pool.
	 * @param name the node name (also the pool name)
	 * @param priority position in the priority order, 0 first
	 * @param pool the node's started pool
	 * @param health the node's health state
	 * @param masker removes the node's secrets from text
	 */
	DatabaseNode(String name, int priority, HikariDataSource pool, NodeHealth health, SecretMasker masker) {
		this.name = name;
		this.priority = priority;
		this.pool = pool;
		this.hikariPool = (HikariPool) pool.getHikariPoolMXBean();
		this.health = health;
		this.masker = masker;
	}

	/**
	 * Borrow a connection from this node's pool, waiting at most the given time.
	 * @param timeoutMillis the longest wait
	 * @return a pooled connection
	 * @throws SQLException HikariCP's timeout or the driver's connection error
	 */
	Connection borrow(long timeoutMillis) throws SQLException {
		return this.hikariPool.getConnection(timeoutMillis);
	}

	/**
	 * Get a node that a probe found healthy while it is still DOWN ready for traffic: open one connection
	 * in its pool if it holds none. A pool that was emptied during the outage then serves its first borrow
	 * at once, and HikariCP forgets the connection error it kept from the outage (it would otherwise
	 * report that stale error when that first borrow waits, and the borrow would take the node for dead
	 * again). Runs on the node's probe thread, before the result is recorded, never on a borrow path.
	 * @param result the probe result
	 * @param timeoutMillis the longest wait
	 */
	void prepareForTraffic(ProbeResult result, long timeoutMillis) {
		if (!result.healthy() || this.health.status() != NodeStatus.DOWN
				|| this.hikariPool.getTotalConnections() > 0) {
			return;
		}
		try {
			borrow(timeoutMillis).close();
		}
		catch (SQLException ex) {
			// the probe got through and the pool did not: the pool retries on its own, the next probe too
		}
	}

	/**
	 * Whether new write connections may go to this node: UP, and not known to be read-only.
	 * @return {@code true} if eligible
	 */
	public boolean isWritable() {
		return this.health.isUp() && this.health.role().isWritable();
	}

	/**
	 * Drop the pool's idle connections and retire the borrowed ones when they are returned, so that a
	 * node that comes back serves fresh connections.
	 */
	void evictConnections() {
		this.hikariPool.softEvictConnections();
	}

	/**
	 * The node's name, also its pool's name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * The node's position in the priority order.
	 * @return 0 for the preferred primary, then 1, 2, ...
	 */
	public int priority() {
		return this.priority;
	}

	/**
	 * The node's own pool.
	 * @return the pool
	 */
	public HikariDataSource pool() {
		return this.pool;
	}

	/**
	 * Live figures of the node's pool (for health and metrics; never on a borrow path).
	 * @return the pool's MXBean
	 */
	public HikariPoolMXBean poolStats() {
		return this.hikariPool;
	}

	/**
	 * What the probes and borrows found out about the node.
	 * @return the node's health state
	 */
	public NodeHealth health() {
		return this.health;
	}

	/**
	 * Removes the node's secrets from text.
	 * @return the masker
	 */
	public SecretMasker masker() {
		return this.masker;
	}

	@Override
	public String toString() {
		return this.name;
	}

}
