package io.github.failoverds.autoconfigure.event;

import org.springframework.context.ApplicationEvent;

/**
 * Base of the application events of the failover data source: a node went DOWN or came UP, a node
 * changed role, a split brain was found, or the active node changed. They are published synchronously on the thread that saw the change (a probe
 * thread, or the request thread whose borrow found a node dead), once per change: keep listeners
 * short, or make them asynchronous.
 */
public abstract class FailoverDataSourceEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an event.
	 * @param source what the event is about
	 */
	protected FailoverDataSourceEvent(Object source) {
		super(source);
	}

}
