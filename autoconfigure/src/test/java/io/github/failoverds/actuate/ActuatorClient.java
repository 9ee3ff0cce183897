package io.github.failoverds.actuate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;

/**
 * A small HTTP client of a running application's {@code /actuator} endpoints. It keeps every response
 * body it received, so that a test can check them all at the end.
 */
final class ActuatorClient {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	private final List<String> bodies = new ArrayList<>();

	ActuatorClient(int port) {
		this.baseUrl = "http://127.0.0.1:" + port + "/actuator";
	}

	Response get(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path)).GET());
	}

	Response post(String path, String json) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	/**
	 * {@code GET /actuator/metrics/<name>?tag=...} and one statistic of it.
	 * @param name the meter name
	 * @param statistic e.g. {@code VALUE} or {@code COUNT}
	 * @param tags {@code key:value} filters
	 * @return the value, or {@code null} when no meter matches (404)
	 */
	Double metric(String name, String statistic, String... tags) {
		StringBuilder path = new StringBuilder("/metrics/").append(name);
		for (int i = 0; i < tags.length; i++) {
			path.append((i == 0) ? '?' : '&').append("tag=").append(URLEncoder.encode(tags[i], StandardCharsets.UTF_8));
		}
		Response response = get(path.toString());
		if (response.status() == 404) {
			return null;
		}
		List<Double> values = response.json()
			.read("$.measurements[?(@.statistic == '" + statistic + "')].value");
		return values.get(0);
	}

	/**
	 * The {@code COUNT} of a counter or timer, a missing meter counting as zero.
	 * @param name the meter name
	 * @param tags {@code key:value} filters
	 * @return the count
	 */
	double count(String name, String... tags) {
		Double value = metric(name, "COUNT", tags);
		return (value != null) ? value : 0;
	}

	/**
	 * Every response body received so far.
	 * @return the bodies
	 */
	List<String> bodies() {
		return this.bodies;
	}

	private Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
			this.bodies.add(response.body());
			return new Response(response.statusCode(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A response.
	 *
	 * @param status the HTTP status
	 * @param body the body
	 */
	record Response(int status, String body) {

		DocumentContext json() {
			return JsonPath.parse(this.body);
		}

		<T> T read(String path) {
			return json().read(path);
		}

	}

}
