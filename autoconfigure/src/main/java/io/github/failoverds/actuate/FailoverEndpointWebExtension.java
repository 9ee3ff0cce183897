package io.github.failoverds.actuate;

import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The HTTP side of the {@code failover} endpoint's switchover: {@code POST /actuator/failover} with
 * {@code {"target": "<node>"}}. An unknown node is answered with 400, a node that cannot take over (not
 * UP, or read-only) with 409; the body's {@code message} says why.
 */
@EndpointWebExtension(endpoint = FailoverEndpoint.class)
public class FailoverEndpointWebExtension {

	private static final int STATUS_CONFLICT = 409;

	private final FailoverEndpoint endpoint;

	/**
	 * Create the extension.
	 * @param endpoint the endpoint
	 */
	public FailoverEndpointWebExtension(FailoverEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	/**
	 * Switch over by hand.
	 * @param target the name of the node to switch to
	 * @return the outcome, or an error with its status
	 */
	@WriteOperation
	public WebEndpointResponse<Object> switchOver(String target) {
		try {
			return new WebEndpointResponse<>(this.endpoint.switchOverTo(target));
		}
		catch (IllegalArgumentException ex) {
			return error(WebEndpointResponse.STATUS_BAD_REQUEST, ex);
		}
		catch (IllegalStateException ex) {
			return error(STATUS_CONFLICT, ex);
		}
	}

	private static WebEndpointResponse<Object> error(int status, RuntimeException ex) {
		return new WebEndpointResponse<>(Map.of("status", status, "message", ex.getMessage()), status);
	}

}
