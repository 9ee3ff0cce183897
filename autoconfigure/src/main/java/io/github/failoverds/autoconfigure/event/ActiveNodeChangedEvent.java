package io.github.failoverds.autoconfigure.event;

import io.github.failoverds.routing.ActiveNodeChange;

/**
 * The active node changed: new connections go to another node. The source is the
 * {@link ActiveNodeChange} (time, from, to, reason, detail). Listen to this type for every change, or to
 * {@link FailedOverEvent} or {@link FailedBackEvent}.
 */
public abstract class ActiveNodeChangedEvent extends FailoverDataSourceEvent {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an event.
	 * @param change the change
	 */
	protected ActiveNodeChangedEvent(ActiveNodeChange change) {
		super(change);
	}

	/**
	 * The change.
	 * @return the change, as the routing policy recorded it
	 */
	public ActiveNodeChange getChange() {
		return (ActiveNodeChange) getSource();
	}

	/**
	 * The node that was active.
	 * @return its name, or {@code null} if no node was
	 */
	public String getFrom() {
		return getChange().from();
	}

	/**
	 * The node that is active now.
	 * @return its name
	 */
	public String getTo() {
		return getChange().to();
	}

	/**
	 * Why the active node changed.
	 * @return the reason
	 */
	public ActiveNodeChange.Reason getReason() {
		return getChange().reason();
	}

	@Override
	public String toString() {
		ActiveNodeChange change = getChange();
		return change.reason().tagValue() + " from " + change.from() + " to " + change.to() + ": " + change.detail();
	}

}
