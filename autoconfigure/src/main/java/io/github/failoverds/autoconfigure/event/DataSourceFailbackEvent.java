package io.github.failoverds.autoconfigure.event;

import io.github.failoverds.routing.FailoverEvent;

/**
 * New connections went back to a higher-priority node that has been UP for {@code failback.delay}
 * ({@link FailoverEvent.Reason#FAILBACK}).
 */
public class DataSourceFailbackEvent extends ActiveNodeChangedEvent {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an event.
	 * @param change the change (reason {@code FAILBACK})
	 */
	public DataSourceFailbackEvent(FailoverEvent change) {
		super(change);
	}

}
