package io.github.failoverds.health;

/**
 * Reachability of a database node as seen by the background probe and by failed borrows.
 */
public enum NodeStatus {

	/** Not probed yet. */
	UNKNOWN,

	/** Reachable: new connections may go to it. */
	UP,

	/** Unreachable: borrows skip it until the probe sees it recover. */
	DOWN

}
