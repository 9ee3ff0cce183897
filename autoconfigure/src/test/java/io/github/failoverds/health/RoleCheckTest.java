package io.github.failoverds.health;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

import com.zaxxer.hikari.HikariConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.failoverds.routing.FailoverDataSource;
import io.github.failoverds.health.NodeRole;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * How the {@code role-check} setting resolves per driver, and what a check answers, on H2.
 */
@ExtendWith(OutputCaptureExtension.class)
class RoleCheckTest {

	private static final String NO_CHECK_LOG = "Role check 'auto' knows no read-only query for jdbc:h2 URLs";

	@Test
	void autoAsksPostgresqlWhetherItIsInRecovery() {
		RoleCheck check = RoleCheck.of(" AUTO ", "jdbc:postgresql://db1:5432/app");
		assertThat(check.checksRole()).isTrue();
		assertThat(check.query())
			.isEqualTo("SELECT pg_is_in_recovery() OR current_setting('transaction_read_only')::boolean");
	}

	@ParameterizedTest
	@ValueSource(strings = { "jdbc:mysql://db1:3306/app", "jdbc:mariadb://db1:3306/app", "JDBC:MariaDB://db1/app" })
	void autoAsksMysqlAndMariadbForBothReadOnlyFlags(String url) {
		assertThat(RoleCheck.of("auto", url).query())
			.isEqualTo("SELECT @@global.read_only OR @@global.innodb_read_only");
	}

	@Test
	void autoChecksNoRoleForOtherDriversAndSaysSoAtInfoWithoutSecrets(CapturedOutput output) {
		RoleCheck check = RoleCheck.of("auto", "jdbc:h2:mem:roles;PASSWORD=s3cret");
		assertThat(check.checksRole()).isFalse();
		assertThat(check.query()).isNull();
		assertThat(output.getOut()).contains("INFO", NO_CHECK_LOG).doesNotContain("s3cret");
	}

	@Test
	void noneChecksLivenessOnlyWhateverTheDriver() {
		assertThat(RoleCheck.of("none", "jdbc:postgresql://db1/app").checksRole()).isFalse();
		assertThat(RoleCheck.of(null, "jdbc:mysql://db1/app").checksRole()).isFalse();
	}

	@Test
	void customSqlIsRunAsGivenWhateverTheDriver() {
		assertThat(RoleCheck.of("  SELECT is_replica FROM cluster_state  ", "jdbc:postgresql://db1/app").query())
			.isEqualTo("SELECT is_replica FROM cluster_state");
	}

	@Test
	void customSqlReturningTrueMeansReadOnly() throws SQLException {
		try (Connection connection = h2()) {
			assertThat(RoleCheck.of("SELECT TRUE", null).check(connection, 1)).isEqualTo(NodeRole.REPLICA);
			assertThat(RoleCheck.of("SELECT 1 = 0", null).check(connection, 1)).isEqualTo(NodeRole.PRIMARY);
		}
	}

	@Test
	void customSqlReturningNoRowFailsTheCheck() throws SQLException {
		try (Connection connection = h2()) {
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> RoleCheck.of("SELECT TRUE WHERE 1 = 0", null).check(connection, 1))
				.withMessageContaining("returned no row");
		}
	}

	@Test
	void livenessOnlyCheckAnswersUnknownOnALiveConnectionAndFailsOnAClosedOne() throws SQLException {
		Connection connection = h2();
		assertThat(RoleCheck.of("none", null).check(connection, 1)).isEqualTo(NodeRole.UNKNOWN);
		connection.close();
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> RoleCheck.of("none", null).check(connection, 1))
			.satisfies((ex) -> assertThat(ex.getSQLState()).startsWith("08"));
	}

	@Test
	void missingCheckIsLoggedOnceNotOnEveryProbe(CapturedOutput output) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl("jdbc:h2:mem:role-check-log");
		try (FailoverDataSource dataSource = FailoverDataSource.builder()
			.node("h2", config)
			.health(Duration.ofMillis(50), Duration.ofSeconds(1), 2, 2, 10)
			.build()) {
			NodeHealth health = dataSource.getNodes().get(0).health();
			await().atMost(Duration.ofSeconds(10)).until(() -> health.history().stats().totalChecks() >= 5);
			assertThat(health.role()).isEqualTo(NodeRole.UNKNOWN);
			assertThat(dataSource.getActiveNode().name()).isEqualTo("h2");
		}
		assertThat(output.getOut().split(NO_CHECK_LOG, -1)).hasSize(2);
	}

	private static Connection h2() throws SQLException {
		return DriverManager.getConnection("jdbc:h2:mem:");
	}

}
