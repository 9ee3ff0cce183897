package io.github.failoverds.health;

/**
 * Replication role of a database node, as reported by the role check.
 */
public enum NodeRole {

	/** Accepts writes. */
	PRIMARY,

	/** Reachable but read-only (a hot standby or a read-only replica). */
	REPLICA,

	/** Not checked (role check {@code none}, or a driver without a known check). */
	UNKNOWN;

	/**
	 * Whether a node in this role may serve writes. An unknown role is trusted to be writable.
	 * @return {@code true} unless the node is known to be read-only
	 */
	public boolean isWritable() {
		return this != REPLICA;
	}

}
