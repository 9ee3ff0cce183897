package io.github.failoverds.autoconfigure;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.failoverds.autoconfigure.event.DataSourceFailbackEvent;
import io.github.failoverds.autoconfigure.event.DataSourceFailoverEvent;
import io.github.failoverds.autoconfigure.event.DatabaseNodeDownEvent;
import io.github.failoverds.autoconfigure.event.DatabaseNodeRoleChangedEvent;
import io.github.failoverds.autoconfigure.event.DatabaseNodeUpEvent;
import io.github.failoverds.autoconfigure.event.FailoverDataSourceEvent;
import io.github.failoverds.autoconfigure.event.SplitBrainEvent;
import io.github.failoverds.routing.DatabaseNode;
import io.github.failoverds.routing.FailoverEvent;
import io.github.failoverds.routing.FailoverListener;
import io.github.failoverds.health.NodeRole;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes the changes the routing policy reports as Spring application events. A failing
 * application listener is logged and does not reach the probe loop.
 */
class FailoverEventsPublisher implements FailoverListener {

	private static final Logger logger = LoggerFactory.getLogger(FailoverEventsPublisher.class);

	private final ApplicationEventPublisher publisher;

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
	public void onRoleChange(DatabaseNode node, NodeRole previous) {
		publish(new DatabaseNodeRoleChangedEvent(node, previous, node.health().role()));
	}

	@Override
	public void onSplitBrain(DatabaseNode active, List<DatabaseNode> others) {
		publish(new SplitBrainEvent(active, others));
	}

	@Override
	public void onActiveNodeChange(FailoverEvent event) {
		publish((event.reason() == FailoverEvent.Reason.FAILBACK) ? new DataSourceFailbackEvent(event)
				: new DataSourceFailoverEvent(event));
	}

	private void publish(FailoverDataSourceEvent event) {
		try {
			this.publisher.publishEvent(event);
		}
		catch (RuntimeException ex) {
			logger.warn("An application listener failed on '{}'", event, ex);
		}
	}

}
