package io.github.failoverds.autoconfigure.event;

import io.github.failoverds.routing.FailoverEvent;

/**
 * The active node changed: new connections go to another node. The source is the
 * {@link FailoverEvent} (time, from, to, reason, detail). Listen to this type for every change, or to
 * {@link DataSourceFailoverEvent} or {@link DataSourceFailbackEvent}.
 */
public abstract class ActiveNodeChangedEvent extends FailoverDataSourceEvent {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an event.
	 * @param change the change
	 */
	protected ActiveNodeChangedEvent(FailoverEvent change) {
		super(change);
	}

	/**
	 * The change.
	 * @return the change, as the routing policy recorded it
	 */
	public FailoverEvent getChange() {
		return (FailoverEvent) getSource();
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
	public FailoverEvent.Reason getReason() {
		return getChange().reason();
	}

	@Override
	public String toString() {
		FailoverEvent change = getChange();
		return change.reason().tagValue() + " from " + change.from() + " to " + change.to() + ": " + change.detail();
	}

}
