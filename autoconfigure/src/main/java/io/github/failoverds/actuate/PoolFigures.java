package io.github.failoverds.actuate;

import com.zaxxer.hikari.HikariPoolMXBean;

import io.github.failoverds.routing.DatabaseNode;

/**
 * Live figures of one node's HikariCP pool, read from the pool's in-memory counters.
 *
 * @param active connections borrowed by the application
 * @param idle connections ready in the pool
 * @param pending threads waiting for a connection
 * @param total connections open (active + idle)
 * @param max the pool's maximum size
 */
public record PoolFigures(int active, int idle, int pending, int total, int max) {

	/**
	 * Read the figures of a node's pool.
	 * @param node the node
	 * @return the figures now
	 */
	public static PoolFigures of(DatabaseNode node) {
		HikariPoolMXBean pool = node.poolStats();
		return new PoolFigures(pool.getActiveConnections(), pool.getIdleConnections(),
				pool.getThreadsAwaitingConnection(), pool.getTotalConnections(), node.pool().getMaximumPoolSize());
	}

}
