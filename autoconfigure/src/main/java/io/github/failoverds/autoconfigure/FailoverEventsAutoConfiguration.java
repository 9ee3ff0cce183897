package io.github.failoverds.autoconfigure;

import io.github.failoverds.autoconfigure.event.FailoverDataSourceEvent;
import io.github.failoverds.routing.FailoverDataSource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * Publishes the failover data source's node and routing changes as {@link FailoverDataSourceEvent}s.
 */
@AutoConfiguration(after = FailoverDataSourceAutoConfiguration.class)
@ConditionalOnBean(FailoverDataSource.class)
public final class FailoverEventsAutoConfiguration {

	@Bean
	FailoverEventsPublisher failoverEventsPublisher(ApplicationEventPublisher publisher) {
		return new FailoverEventsPublisher(publisher);
	}

}
