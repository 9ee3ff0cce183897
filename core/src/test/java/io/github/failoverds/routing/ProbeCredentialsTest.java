package io.github.failoverds.routing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.util.Credentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.failoverds.health.NodeStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A node whose pool takes its credentials from a {@code HikariCredentialsProvider} is probed with the same
 * provider, asked again for every probe connection: the static username and password do not log in.
 */
class ProbeCredentialsTest {

	private static final String URL = "jdbc:h2:mem:probe-credentials;DB_CLOSE_DELAY=-1";

	private final AtomicReference<Credentials> current = new AtomicReference<>(Credentials.of("app", "first"));

	private Connection owner;

	@BeforeEach
	void createDatabase() throws SQLException {
		this.owner = DriverManager.getConnection(URL, "sa", "owner");
		try (Statement statement = this.owner.createStatement()) {
			statement.execute("CREATE USER app PASSWORD 'first' ADMIN");
		}
	}

	@AfterEach
	void dropDatabase() throws SQLException {
		try (Statement statement = this.owner.createStatement()) {
			statement.execute("DROP ALL OBJECTS DELETE FILES");
		}
		this.owner.close();
	}

	@Test
	void theProbeLogsInWithTheProvidersCurrentCredentials() throws SQLException {
		try (FailoverDataSource dataSource = FailoverDataSource.builder()
			.node("primary", config())
			.health(Duration.ofMillis(100), Duration.ofSeconds(1), 1, 1, 10)
			.build()) {
			DatabaseNode node = dataSource.getNodes().get(0);
			assertThat(node.health().status()).isEqualTo(NodeStatus.UP);

			alterPassword("second");
			this.current.set(Credentials.of("app", "second"));
			// the pool holds no connection (minimum-idle 0): the only session of 'app' is the probe's; once it is
			// aborted, the probe's next connection must log in with the new password
			abortSessionsOfApp();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> sessionsOfApp() > 0 && node.health().status() == NodeStatus.UP);
			try (Connection connection = dataSource.getConnection()) {
				assertThat(connection.isValid(1)).isTrue();
			}
		}
	}

	@Test
	void theStaticCredentialsAloneDoNotLogIn() {
		HikariConfig config = config();
		config.setCredentialsProvider(null);
		assertThatExceptionOfType(NoReachableNodeException.class)
			.isThrownBy(() -> FailoverDataSource.builder().node("primary", config).build());
	}

	private int sessionsOfApp() throws SQLException {
		try (Statement statement = this.owner.createStatement();
				ResultSet sessions = statement
					.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE USER_NAME = 'APP'")) {
			sessions.next();
			return sessions.getInt(1);
		}
	}

	private HikariConfig config() {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(URL);
		config.setUsername("app");
		config.setPassword("static-and-wrong");
		config.setMinimumIdle(0);
		config.setCredentialsProvider(this.current::get);
		return config;
	}

	private void alterPassword(String password) throws SQLException {
		try (Statement statement = this.owner.createStatement()) {
			statement.execute("ALTER USER app SET PASSWORD '" + password + "'");
		}
	}

	private void abortSessionsOfApp() throws SQLException {
		try (Statement statement = this.owner.createStatement()) {
			statement.execute("SELECT ABORT_SESSION(SESSION_ID) FROM INFORMATION_SCHEMA.SESSIONS WHERE USER_NAME = 'APP'");
		}
	}

}
