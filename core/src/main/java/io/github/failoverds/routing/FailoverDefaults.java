package io.github.failoverds.routing;

import java.time.Duration;

import io.github.failoverds.health.RoleCheck;

/**
 * The default of every failover setting, in one place: {@link FailoverDataSourceBuilder} starts from these,
 * and so do the Spring Boot properties under {@code failover.datasource} (whose configuration metadata
 * repeats them, checked against these constants by a test).
 */
public final class FailoverDefaults {

	/** Total budget of one {@code getConnection()} across all nodes: 30 seconds. */
	public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(30);

	/** How long a borrow waits for a writable node while none is: 10 seconds. */
	public static final Duration AWAIT_WRITABLE = Duration.ofSeconds(10);

	/** Probe period per node: 1 second. */
	public static final Duration HEALTH_INTERVAL = Duration.ofSeconds(1);

	/** Limit of one probe: 1 second. */
	public static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(1);

	/** Failed probes in a row before a node is DOWN. */
	public static final int FAILURE_THRESHOLD = 2;

	/** Healthy probes in a row before a DOWN node is UP again. */
	public static final int RECOVERY_THRESHOLD = 3;

	/** Probe results kept per node. */
	public static final int HISTORY_SIZE = 100;

	/** Whether new connections return to a higher-priority node once it is healthy again. */
	public static final boolean FAILBACK_ENABLED = true;

	/** How long a higher-priority node must be UP before fail-back: 10 seconds. */
	public static final Duration FAILBACK_DELAY = Duration.ofSeconds(10);

	/** The role check: {@code auto}, the database's own read-only flag. */
	public static final String ROLE_CHECK = RoleCheck.AUTO;

	/** Whether startup fails when no node at all can be reached. */
	public static final boolean REQUIRE_NODE = true;

	/** How long a connection may be held before it is a suspected leak: 5 minutes. */
	public static final Duration LEAK_THRESHOLD = Duration.ofMinutes(5);

	/** Whether the stack trace of every borrow is recorded for leak reports. */
	public static final boolean CAPTURE_STACK_TRACE = true;

	/** Whether read-only work may go to replicas. */
	public static final boolean READ_ONLY_ROUTING = false;

	/** Whether a read after a write waits for a replica that has replayed it. */
	public static final boolean READ_YOUR_WRITES = false;

	/** How long such a read may wait for a replica to catch up: 200 milliseconds. */
	public static final Duration READ_YOUR_WRITES_MAX_WAIT = Duration.ofMillis(200);

	private FailoverDefaults() {
	}

}
