package io.github.failoverds.autoconfigure.event;

import io.github.failoverds.routing.FailoverEvent;

/**
 * New connections moved away from the active node: because it became unusable
 * ({@link FailoverEvent.Reason#FAILOVER}) or by a manual switchover
 * ({@link FailoverEvent.Reason#SWITCHOVER}); {@link #getReason()} tells which.
 */
public class DataSourceFailoverEvent extends ActiveNodeChangedEvent {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an event.
	 * @param change the change (reason {@code FAILOVER} or {@code SWITCHOVER})
	 */
	public DataSourceFailoverEvent(FailoverEvent change) {
		super(change);
	}

}
