package io.github.failoverds.autoconfigure.event;

import io.github.failoverds.routing.ActiveNodeChange;

/**
 * New connections moved away from the active node: because it became unusable
 * ({@link ActiveNodeChange.Reason#FAILOVER}) or by a manual switchover
 * ({@link ActiveNodeChange.Reason#SWITCHOVER}); {@link #getReason()} tells which.
 */
public class FailedOverEvent extends ActiveNodeChangedEvent {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an event.
	 * @param change the change (reason {@code FAILOVER} or {@code SWITCHOVER})
	 */
	public FailedOverEvent(ActiveNodeChange change) {
		super(change);
	}

}
