package io.github.failoverds.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.failoverds.autoconfigure.event.DatabaseNodeDownEvent;
import io.github.failoverds.autoconfigure.event.DatabaseNodeRoleChangedEvent;
import io.github.failoverds.autoconfigure.event.DatabaseNodeUpEvent;
import io.github.failoverds.autoconfigure.event.FailedBackEvent;
import io.github.failoverds.autoconfigure.event.FailedOverEvent;
import io.github.failoverds.autoconfigure.event.FailoverDataSourceEvent;
import io.github.failoverds.autoconfigure.event.SplitBrainEvent;
import io.github.failoverds.health.NodeRole;
import io.github.failoverds.routing.ActiveNodeChange;
import io.github.failoverds.routing.DatabaseNode;
import io.github.failoverds.routing.FailoverListener;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Publishes the changes the routing policy reports as Spring application events. A failing
 * application listener is logged and does not reach the probe loop.
 * <p>
 * Nothing is published while the application context is still creating its beans: a probe that sees a
 * change then must not make Spring look up listener beans on the notification thread while the main
 * thread holds the singleton lock. Such changes are kept and published, in order, once the context
 * starts its lifecycle beans.
 */
class FailoverEventsPublisher implements FailoverListener, SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(FailoverEventsPublisher.class);

	private final ApplicationEventPublisher publisher;

	/** Changes seen before the first start; {@code null} from then on (after a stop, nothing is kept). */
	private List<FailoverDataSourceEvent> beforeStart = new ArrayList<>();

	private boolean running;

	FailoverEventsPublisher(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public void onNodeDown(DatabaseNode node, String reason) {
		publish(new DatabaseNodeDownEvent(node, reason));
	}

	@Override
	public void onNodeUp(DatabaseNode node) {
		publish(new DatabaseNodeUpEvent(node));
	}

	@Override
	public void onRoleChange(DatabaseNode node, NodeRole previous, NodeRole current) {
		publish(new DatabaseNodeRoleChangedEvent(node, previous, current));
	}

	@Override
	public void onSplitBrain(DatabaseNode active, List<DatabaseNode> others) {
		publish(new SplitBrainEvent(active, others));
	}

	@Override
	public void onActiveNodeChange(ActiveNodeChange event) {
		publish((event.reason() == ActiveNodeChange.Reason.FAILBACK) ? new FailedBackEvent(event)
				: new FailedOverEvent(event));
	}

	@Override
	public synchronized void start() {
		this.running = true;
		if (this.beforeStart != null) {
			this.beforeStart.forEach(this::publishNow);
			this.beforeStart = null;
		}
	}

	@Override
	public synchronized void stop() {
		this.running = false;
	}

	@Override
	public synchronized boolean isRunning() {
		return this.running;
	}

	private synchronized void publish(FailoverDataSourceEvent event) {
		if (this.running) {
			publishNow(event);
		}
		else if (this.beforeStart != null) {
			this.beforeStart.add(event);
		}
	}

	private void publishNow(FailoverDataSourceEvent event) {
		try {
			this.publisher.publishEvent(event);
		}
		catch (RuntimeException ex) {
			logger.warn("An application listener failed on '{}'", event, ex);
		}
	}

}
