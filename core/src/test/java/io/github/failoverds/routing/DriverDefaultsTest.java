package io.github.failoverds.routing;

import java.util.Properties;

import com.zaxxer.hikari.HikariConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Unit tests of {@link DriverDefaults}.
 */
class DriverDefaultsTest {

	@Test
	void postgresqlPoolGetsConnectTimeoutAndKeepAliveButNoReadOrLoginLimit() {
		Properties properties = applied("jdbc:postgresql://db1:5432/app", new Properties());
		assertThat(properties).containsOnly(entry("connectTimeout", "5"), entry("tcpKeepAlive", "true"));
	}

	@Test
	void dataSourcePropertySetByTheUserWins() {
		Properties user = new Properties();
		user.setProperty("connectTimeout", "30");
		user.setProperty("TCPKEEPALIVE", "false");
		assertThat(applied("jdbc:postgresql://db1:5432/app", user)).containsOnly(entry("connectTimeout", "30"),
				entry("TCPKEEPALIVE", "false"));
	}

	@Test
	void urlParameterSetByTheUserWins() {
		Properties properties = applied("jdbc:postgresql://db1:5432/app?ssl=true&tcpKeepAlive=false&ConnectTimeout=2",
				new Properties());
		assertThat(properties).isEmpty();
	}

	@Test
	void urlParametersThatAreNotDefaultsDoNotStopThem() {
		Properties properties = applied("jdbc:postgresql://db1:5432/app?socketTimeout=60&password=connectTimeout",
				new Properties());
		assertThat(properties).containsOnly(entry("connectTimeout", "5"), entry("tcpKeepAlive", "true"));
	}

	@Test
	void mariadbAndMysqlPoolsGetAConnectTimeoutInMillisecondsAndNothingElse() {
		assertThat(applied("jdbc:mariadb://db1:3306/app", new Properties())).containsOnly(entry("connectTimeout", "5000"));
		assertThat(applied("jdbc:mysql://db1:3306/app", new Properties())).containsOnly(entry("connectTimeout", "5000"));
		assertThat(applied("jdbc:mariadb://db1:3306/app?connectTimeout=60000", new Properties())).isEmpty();
	}

	@Test
	void otherDriversAndDataSourceConfigurationsAreLeftAlone() {
		assertThat(applied("jdbc:h2:mem:test", new Properties())).isEmpty();
		assertThat(applied(null, new Properties())).isEmpty();
	}

	private static Properties applied(String url, Properties userProperties) {
		HikariConfig config = new HikariConfig();
		if (url != null) {
			config.setJdbcUrl(url);
		}
		config.setDataSourceProperties(userProperties);
		DriverDefaults.applyTo(config);
		return config.getDataSourceProperties();
	}

}
