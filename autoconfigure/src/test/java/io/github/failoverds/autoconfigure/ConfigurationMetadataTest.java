package io.github.failoverds.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata that IDEs use: every property is explained, with its default where it has
 * one, the values of role-check are offered, and read-only-routing has both its shapes.
 */
class ConfigurationMetadataTest {

	private static DocumentContext metadata;

	@BeforeAll
	static void readMetadata() throws IOException {
		try (InputStream json = ConfigurationMetadataTest.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			metadata = JsonPath.parse(json);
		}
	}

	@Test
	void everyPropertyHasADescription() {
		List<Map<String, Object>> properties = metadata.read("$.properties[*]");
		assertThat(properties).isNotEmpty()
			.allSatisfy((property) -> assertThat(property.get("description"))
				.as("description of %s", property.get("name"))
				.asString()
				.isNotBlank());
	}

	@Test
	void hikariSettingsHaveHikarisDefaults() {
		assertThat(defaultOf("failover.datasource.hikari.maximum-pool-size")).isEqualTo(10);
		assertThat(defaultOf("failover.datasource.hikari.connection-timeout")).isEqualTo(30000);
	}

	@Test
	void failoverUrlsAreAListOfUrls() {
		List<String> types = metadata.read("$.properties[?(@.name == 'failover.datasource.failover-urls')].type");
		assertThat(types).containsExactly("java.util.List<java.lang.String>");
	}

	@Test
	void roleCheckOffersItsValues() {
		List<String> values = metadata.read("$.hints[?(@.name == 'failover.datasource.role-check')].values[*].value");
		assertThat(values).contains("auto", "none");
	}

	@Test
	void readOnlyRoutingHasItsSettingsAndTheShorthand() {
		assertThat(defaultOf("failover.datasource.read-only-routing")).isEqualTo(false);
		assertThat(defaultOf("failover.datasource.read-only-routing.enabled")).isEqualTo(false);
		assertThat(defaultOf("failover.datasource.read-only-routing.read-your-writes")).isEqualTo(false);
		assertThat(defaultOf("failover.datasource.read-only-routing.max-wait")).isEqualTo("200ms");
		List<String> maxLag = metadata
			.read("$.properties[?(@.name == 'failover.datasource.read-only-routing.max-lag')].type");
		assertThat(maxLag).containsExactly("java.time.Duration");
	}

	private static Object defaultOf(String property) {
		List<Object> defaults = metadata.read("$.properties[?(@.name == '" + property + "')].defaultValue");
		assertThat(defaults).hasSize(1);
		return defaults.get(0);
	}

}
