package io.github.failoverds.examples;

import java.time.Duration;

import com.zaxxer.hikari.HikariConfig;

import io.github.failoverds.routing.ActiveNodeChange;
import io.github.failoverds.routing.DatabaseNode;
import io.github.failoverds.routing.FailoverDataSource;
import io.github.failoverds.routing.FailoverListener;

/**
 * The README's "Without Spring Boot" example for plain Java, compiled and run by
 * {@link PlainJavaExampleTest}: keep the two in step.
 */
public final class PlainJavaExample {

	private PlainJavaExample() {
	}

	// README: plain-java (begin)
	public static FailoverDataSource create(String primaryUrl, String standbyUrl, String user, String password) {
		HikariConfig primary = new HikariConfig();
		primary.setJdbcUrl(primaryUrl);
		primary.setUsername(user);
		primary.setPassword(password);
		primary.setMaximumPoolSize(10);

		HikariConfig standby = new HikariConfig();
		primary.copyStateTo(standby);
		standby.setJdbcUrl(standbyUrl);

		return FailoverDataSource.builder()
			.node("primary", primary)
			.node("standby-1", standby)
			.connectionTimeout(Duration.ofSeconds(30))
			.awaitWritable(Duration.ofSeconds(10))
			.health(Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 3, 100)
			.failback(true, Duration.ofSeconds(10))
			.leakDetection(Duration.ofMinutes(5), false)
			.listener(new FailoverListener() {

				@Override
				public void onNodeDown(DatabaseNode node, String reason) {
					System.err.println("Database node " + node.name() + " is DOWN: " + reason);
				}

				@Override
				public void onActiveNodeChange(ActiveNodeChange event) {
					System.err.println("New connections go to " + event.to() + " (" + event.reason() + ")");
				}

			})
			.build(); // close() it when the application stops: probes and pools end with it
	}
	// README: plain-java (end)

}
