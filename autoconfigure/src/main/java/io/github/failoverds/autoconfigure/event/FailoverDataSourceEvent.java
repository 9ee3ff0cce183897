package io.github.failoverds.autoconfigure.event;

import org.springframework.context.ApplicationEvent;

/**
 * Base of the application events of the failover data source: a node went DOWN or came UP, a node
 * changed role, a split brain was found, or the active node changed. They are published once per change,
 * in the order the changes were decided, on the data source's notification thread
 * ({@code failover-notifications}): never on a request or probe thread, and never under a lock those
 * threads take, so a slow listener delays only the events after it. Changes seen while the application
 * context is still creating its beans are held and published, in order, once it starts. A listener that
 * throws is logged and does not disturb the failover.
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
