package io.github.failoverds.autoconfigure;

import io.github.failoverds.actuate.FailoverEndpoint;
import io.github.failoverds.actuate.FailoverEndpointWebExtension;
import io.github.failoverds.routing.FailoverDataSource;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code failover} Actuator endpoint, available when it is exposed (for example
 * {@code management.endpoints.web.exposure.include=health,failover}).
 */
@AutoConfiguration(after = FailoverDataSourceAutoConfiguration.class)
@ConditionalOnClass(
		name = "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint")
@ConditionalOnBean(FailoverDataSource.class)
public final class FailoverEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	FailoverEndpoint failoverEndpoint(FailoverDataSource dataSource) {
		return new FailoverEndpoint(dataSource);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(FailoverEndpoint.class)
	@ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
	FailoverEndpointWebExtension failoverEndpointWebExtension(FailoverEndpoint endpoint) {
		return new FailoverEndpointWebExtension(endpoint);
	}

}
