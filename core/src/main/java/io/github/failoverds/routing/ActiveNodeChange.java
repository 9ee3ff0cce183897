package io.github.failoverds.routing;

import java.time.Instant;
import java.util.Locale;

/**
 * One change of the active node: new connections go to another node, by failover, fail-back or manual
 * switchover ({@link Reason}). Recorded in the {@link FailoverHistory} and passed to
 * {@link FailoverListener#onActiveNodeChange(ActiveNodeChange)}.
 *
 * @param time when it happened
 * @param from the node that was active ({@code null} if none was)
 * @param to the node that is active now
 * @param reason why it changed
 * @param detail a one-line explanation, free of secrets
 */
public record ActiveNodeChange(Instant time, String from, String to, Reason reason, String detail) {

	/**
	 * Why the active node changed.
	 */
	public enum Reason {

		/** The active node became unusable. */
		FAILOVER,

		/** A higher-priority node has been healthy for the fail-back delay. */
		FAILBACK,

		/** An operator switched over by hand. */
		SWITCHOVER;

		/**
		 * The value used in metric tags and JSON.
		 * @return the lower-case name
		 */
		public String tagValue() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
