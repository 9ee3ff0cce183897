package io.github.failoverds.autoconfigure.event;

import io.github.failoverds.routing.ActiveNodeChange;

/**
 * New connections went back to a higher-priority node that has been UP for {@code failback.delay}
 * ({@link ActiveNodeChange.Reason#FAILBACK}).
 */
public class FailedBackEvent extends ActiveNodeChangedEvent {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an event.
	 * @param change the change (reason {@code FAILBACK})
	 */
	public FailedBackEvent(ActiveNodeChange change) {
		super(change);
	}

}
