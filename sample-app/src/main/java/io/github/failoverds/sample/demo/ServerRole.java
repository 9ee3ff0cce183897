package io.github.failoverds.sample.demo;

/**
 * What a demo server says it is when asked directly, as a cluster manager asks it.
 */
enum ServerRole {

	/** It accepts writes ({@code pg_is_in_recovery()} is false). */
	PRIMARY,

	/** A hot standby: it replays its primary's changes and serves reads only. */
	REPLICA,

	/** It does not answer: crashed, stopped or starting up. */
	UNREACHABLE

}
