package io.github.failoverds.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.github.failoverds.autoconfigure.credentials.RotatingCredentialsProvider;
import io.github.failoverds.health.NodeStatus;
import io.github.failoverds.routing.DatabaseNode;
import io.github.failoverds.routing.FailoverDataSource;
import io.github.failoverds.testsupport.EmbeddedPostgresNode;
import io.github.failoverds.testsupport.WriteLoad;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Credentials that rotate under write load, against real PostgreSQL servers that check passwords
 * ({@code scram-sha-256}), with the credentials in a watched directory as Kubernetes mounts a secret: the new
 * password is used without a restart by pools and probes, and a wrong one is an authentication error of the
 * node, not a failover.
 */
@ExtendWith(OutputCaptureExtension.class)
class CredentialsRotationIntegrationTest {

	private static final String ROLE = "app";

	private static final String FIRST_PASSWORD = "F1rst-Pa55-word";

	private static final String NEW_PASSWORD = "N3w-Pa55-word";

	private static final String WRONG_PASSWORD = "Wr0ng-Pa55-word";

	private static final Duration LOAD_WAIT = Duration.ofSeconds(30);

	private static List<EmbeddedPostgresNode> servers;

	@TempDir
	Path secret;

	@BeforeAll
	static void startServersThatCheckPasswords() throws Exception {
		servers = EmbeddedPostgresNode.startAll("primary", "standby-1");
		for (EmbeddedPostgresNode server : servers) {
			WriteLoad.createTable(server.directDataSource());
			execute(server, "CREATE ROLE " + ROLE + " LOGIN", "GRANT SELECT, INSERT ON writes TO " + ROLE);
			requirePasswords(server);
		}
	}

	@AfterAll
	static void stopServers() {
		servers.forEach(EmbeddedPostgresNode::close);
	}

	@BeforeEach
	void setFirstPassword() throws Exception {
		setPassword(FIRST_PASSWORD);
		Files.writeString(this.secret.resolve("username"), ROLE);
		writeSecret(FIRST_PASSWORD);
	}

	@Test
	void aRotatedPasswordIsUsedWithoutRestartAndNoRequestFails() {
		runner().run((context) -> {
			FailoverDataSource dataSource = context.getBean(FailoverDataSource.class);
			DatabaseNode primary = dataSource.getNodes().get(0);
			try (WriteLoad load = WriteLoad.start(4, WriteLoad.jdbc(dataSource))) {
				load.awaitCommitsOn(server(0).port(), 20, LOAD_WAIT);

				setPassword(NEW_PASSWORD);
				// the pool's connections logged in before: they keep working
				load.awaitCommitsOn(server(0).port(), 20, LOAD_WAIT);
				Instant firstChange = credentials(primary).getChangedAt();
				writeSecret(NEW_PASSWORD);
				await().atMost(LOAD_WAIT).until(() -> credentials(primary).getCredentials().getPassword(),
						NEW_PASSWORD::equals);
				assertThat(credentials(primary).getChangedAt()).isAfter(firstChange);

				// once they retire, their successors log in with the new password
				Set<Integer> retired = sessionsOfRole(server(0));
				primary.pool().getHikariPoolMXBean().softEvictConnections();
				await().atMost(LOAD_WAIT)
					.untilAsserted(() -> assertThat(newSessions(server(0), retired))
						.as("sessions opened after the old ones retired; failed writes: %s", load.failures())
						.hasSizeGreaterThanOrEqualTo(4));
				load.awaitCommitsOn(server(0).port(), 50, LOAD_WAIT);
				load.stop(LOAD_WAIT);
				assertThat(load.failures()).isEmpty();
			}
			assertThat(dataSource.getPolicy().activeNodeChanges()).isZero();
		});
	}

	@Test
	void probesLogInWithTheRotatedPassword() {
		runner().run((context) -> {
			DatabaseNode standby = context.getBean(FailoverDataSource.class).getNodes().get(1);
			setPassword(NEW_PASSWORD);
			writeSecret(NEW_PASSWORD);
			await().atMost(LOAD_WAIT).until(() -> credentials(standby).getCredentials().getPassword(),
					NEW_PASSWORD::equals);
			// every session of the role on the standby ends, the probe's among them: it must log in again
			Set<Integer> terminated = sessionsOfRole(server(1));
			Instant terminatedAt = Instant.now();
			execute(server(1), "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + ROLE + "'");
			await().atMost(LOAD_WAIT)
				.until(() -> standby.health().lastCheck() != null && standby.health().lastCheck().isAfter(terminatedAt)
						&& standby.health().consecutiveFailures() == 0 && !newSessions(server(1), terminated).isEmpty());
			assertThat(standby.health().status()).isEqualTo(NodeStatus.UP);
		});
	}

	@Test
	void aWrongNewPasswordIsAnAuthenticationErrorOfTheNodeAndNoFailover(CapturedOutput output) {
		runner().run((context) -> {
			FailoverDataSource dataSource = context.getBean(FailoverDataSource.class);
			DatabaseNode primary = dataSource.getNodes().get(0);
			try (WriteLoad load = WriteLoad.start(4, WriteLoad.jdbc(dataSource))) {
				load.awaitCommitsOn(server(0).port(), 20, LOAD_WAIT);
				writeSecret(WRONG_PASSWORD);
				await().atMost(LOAD_WAIT).until(() -> credentials(primary).getCredentials().getPassword(),
						WRONG_PASSWORD::equals);
				load.awaitCommitsOn(server(0).port(), 20, LOAD_WAIT);
				assertThat(load.failures()).isEmpty();

				// the pool's connections retire, and their successors cannot log in
				primary.pool().getHikariPoolMXBean().softEvictConnections();
				await().atMost(LOAD_WAIT).until(() -> !load.failures().isEmpty());
				assertThat(load.failures()).allSatisfy((failure) -> {
					assertThat(sqlStates(failure)).contains("28P01");
					assertThat(failure).hasMessageContaining("node 'primary'");
					assertThat(messages(failure)).noneMatch((message) -> message.contains(WRONG_PASSWORD));
				});
				assertThat(primary.health().status()).isEqualTo(NodeStatus.UP);
				assertThat(dataSource.getActiveNode()).isSameAs(primary);
				assertThat(dataSource.getPolicy().activeNodeChanges()).isZero();
				assertThat(load.commitsOn(server(1).port())).isZero();

				// the right password comes back: the pool logs in again, still without a restart
				writeSecret(FIRST_PASSWORD);
				load.awaitCommitsOn(server(0).port(), 20, LOAD_WAIT);
			}
			assertThat(dataSource.getPolicy().activeNodeChanges()).isZero();
		});
		assertThat(output).doesNotContain(WRONG_PASSWORD).doesNotContain(FIRST_PASSWORD);
	}

	private ApplicationContextRunner runner() {
		List<String> properties = new ArrayList<>(List.of("failover.datasource.connection-timeout=2s",
				"failover.datasource.health.interval=200ms", "failover.datasource.health.failure-threshold=2",
				"failover.datasource.hikari.maximum-pool-size=4", "failover.datasource.hikari.minimum-idle=4",
				"failover.datasource.credentials.directory=" + this.secret,
				"failover.datasource.credentials.refresh-interval=100ms"));
		for (int i = 0; i < servers.size(); i++) {
			properties.add("failover.datasource.nodes[" + i + "].url=" + server(i).jdbcUrl());
		}
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(FailoverDataSourceAutoConfiguration.class,
					DataSourceAutoConfiguration.class))
			.withPropertyValues(properties.toArray(String[]::new));
	}

	private static EmbeddedPostgresNode server(int index) {
		return servers.get(index);
	}

	private static RotatingCredentialsProvider credentials(DatabaseNode node) {
		return (RotatingCredentialsProvider) node.pool().getCredentialsProvider();
	}

	/**
	 * Write the password as kubelet updates a mounted secret: a new file moved over the old one in one step.
	 */
	private void writeSecret(String password) throws IOException {
		Path next = Files.writeString(this.secret.resolve(".password.next"), password);
		Files.move(next, this.secret.resolve("password"), StandardCopyOption.ATOMIC_MOVE);
	}

	private static void setPassword(String password) throws SQLException {
		for (EmbeddedPostgresNode server : servers) {
			execute(server, "ALTER ROLE " + ROLE + " PASSWORD '" + password + "'");
		}
	}

	/**
	 * Replace the servers' trust authentication: the superuser keeps it (for the tests' own connections), every
	 * other role must give its password.
	 */
	private static void requirePasswords(EmbeddedPostgresNode server) throws Exception {
		Path hbaFile;
		try (Connection connection = server.directDataSource().getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SHOW hba_file")) {
			result.next();
			hbaFile = Path.of(result.getString(1));
		}
		Files.writeString(hbaFile, "host all " + server.username() + " 127.0.0.1/32 trust\n"
				+ "host all all 127.0.0.1/32 scram-sha-256\n");
		execute(server, "SELECT pg_reload_conf()");
	}

	/** The backend process ids of the role's sessions on a server. */
	private static Set<Integer> sessionsOfRole(EmbeddedPostgresNode server) throws SQLException {
		Set<Integer> sessions = new HashSet<>();
		try (Connection connection = server.directDataSource().getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement
					.executeQuery("SELECT pid FROM pg_stat_activity WHERE usename = '" + ROLE + "'")) {
			while (result.next()) {
				sessions.add(result.getInt(1));
			}
		}
		return sessions;
	}

	private static Set<Integer> newSessions(EmbeddedPostgresNode server, Set<Integer> before) throws SQLException {
		Set<Integer> sessions = sessionsOfRole(server);
		sessions.removeAll(before);
		return sessions;
	}

	private static void execute(EmbeddedPostgresNode server, String... statements) throws SQLException {
		DataSource direct = server.directDataSource();
		try (Connection connection = direct.getConnection(); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

	private static List<String> sqlStates(Throwable failure) {
		List<String> states = new ArrayList<>();
		for (Throwable current = failure; current != null; current = current.getCause()) {
			if (current instanceof SQLException sqlException && sqlException.getSQLState() != null) {
				states.add(sqlException.getSQLState());
			}
		}
		return states;
	}

	private static List<String> messages(Throwable failure) {
		List<String> messages = new ArrayList<>();
		for (Throwable current = failure; current != null; current = current.getCause()) {
			messages.add(String.valueOf(current.getMessage()));
		}
		return messages;
	}

}
