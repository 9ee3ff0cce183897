package io.github.failoverds.routing;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Failover policies for unit tests: listeners are called on the deciding thread, right after each
 * decision, so a test sees every notification as soon as the call that caused it returns.
 */
public final class TestPolicies {

	private TestPolicies() {
	}

	/**
	 * A policy whose notifications are delivered on the calling thread.
	 * @param nodes the nodes in priority order
	 * @param failback whether fail-back is enabled
	 * @param failbackDelay the fail-back delay
	 * @param clock the clock
	 * @param listeners the listeners
	 * @return the policy (not initialised)
	 */
	public static FailoverPolicy delivering(List<DatabaseNode> nodes, boolean failback, Duration failbackDelay,
			Clock clock, List<FailoverListener> listeners) {
		return new FailoverPolicy(nodes, failback, failbackDelay, clock, new FailoverNotifier(listeners, Runnable::run),
				(urgent) -> {
				});
	}

}
