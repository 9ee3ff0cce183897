package io.github.failoverds.routing;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Unit tests of {@link JdbcDriver}.
 */
class JdbcDriverTest {

	@Test
	void driverIsRecognisedByItsUrlScheme() {
		assertThat(JdbcDriver.of("jdbc:postgresql://db1/app")).contains(JdbcDriver.POSTGRESQL);
		assertThat(JdbcDriver.of("JDBC:MariaDB://db1/app")).contains(JdbcDriver.MARIADB);
		assertThat(JdbcDriver.of("jdbc:mysql://db1/app")).contains(JdbcDriver.MYSQL);
		assertThat(JdbcDriver.of("jdbc:mysql:replication://db1,db2/app")).contains(JdbcDriver.MYSQL);
		assertThat(JdbcDriver.of("jdbc:mysqlx://db1/app")).isEmpty();
		assertThat(JdbcDriver.of("jdbc:h2:mem:app")).isEmpty();
		assertThat(JdbcDriver.of(null)).isEmpty();
	}

	@Test
	void probeTimeoutsAreInEachDriversUnitRoundedUp() {
		assertThat(JdbcDriver.POSTGRESQL.probeSettings(Duration.ofMillis(1200))).containsOnly(
				entry("connectTimeout", "2"), entry("socketTimeout", "2"), entry("loginTimeout", "0"));
		assertThat(JdbcDriver.MARIADB.probeSettings(Duration.ofMillis(500))).containsOnly(
				entry("connectTimeout", "500"), entry("socketTimeout", "500"));
		assertThat(JdbcDriver.MYSQL.probeSettings(Duration.ofNanos(1))).containsOnly(entry("connectTimeout", "1"),
				entry("socketTimeout", "1"));
	}

	@Test
	void parametersAreDroppedFromAUrlWhateverTheirCase() {
		Set<String> timeouts = Set.of("connectTimeout", "socketTimeout");
		assertThat(JdbcDriver.withoutParameters("jdbc:mariadb://db1/app?ConnectTimeout=60000&useSsl=true&sockettimeout=0",
				timeouts)).isEqualTo("jdbc:mariadb://db1/app?useSsl=true");
		assertThat(JdbcDriver.withoutParameters("jdbc:mariadb://db1/app?connectTimeout=60000", timeouts))
			.isEqualTo("jdbc:mariadb://db1/app");
		assertThat(JdbcDriver.withoutParameters("jdbc:mariadb://db1/app", timeouts)).isEqualTo("jdbc:mariadb://db1/app");
		assertThat(JdbcDriver.parameterNames("jdbc:postgresql://db1/app?ssl=true&TCPKeepAlive")).containsOnly("ssl",
				"tcpkeepalive");
	}

}
