package io.github.failoverds.routing;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For tests that count what listeners heard: listeners are called on the notification thread, just after
 * each decision, so a test waits for what was decided so far to be delivered before it counts.
 */
public final class TestNotifications {

	private TestNotifications() {
	}

	/**
	 * Wait until every notification decided so far has reached the listeners.
	 * @param dataSource the data source
	 */
	public static void awaitDelivered(FailoverDataSource dataSource) {
		try {
			assertThat(dataSource.getPolicy().notifier().awaitDelivered(Duration.ofSeconds(30)))
				.as("notifications delivered")
				.isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
