package io.github.failoverds.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.convert.ApplicationConversionService;

import io.github.failoverds.routing.FailoverDefaults;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The defaults live once, in {@link FailoverDefaults}; the properties take them from there, which the
 * configuration processor cannot read (it evaluates only literals and constants of the same class), so
 * {@code additional-spring-configuration-metadata.json} repeats them for IDEs and the README. This test
 * keeps that copy honest: every default it gives a {@code failover.datasource} property equals the value a
 * fresh {@link FailoverDataSourceProperties} holds, taken from the core constant.
 */
class MetadataDefaultsTest {

	private static final Pattern KEBAB = Pattern.compile("-([a-z])");

	@Test
	void everyDefaultInTheAdditionalMetadataIsTheCoreDefault() throws IOException {
		List<Map<String, Object>> defaults;
		try (InputStream json = MetadataDefaultsTest.class
			.getResourceAsStream("/META-INF/additional-spring-configuration-metadata.json")) {
			defaults = JsonPath.parse(json)
				.read("$.properties[?(@.defaultValue != null && !(@.type) && @.name =~ /failover\\.datasource\\..*/)]");
		}
		assertThat(defaults).hasSizeGreaterThanOrEqualTo(16);
		BeanWrapper properties = new BeanWrapperImpl(new FailoverDataSourceProperties());
		assertThat(defaults).allSatisfy((property) -> {
			String path = beanPath((String) property.get("name"));
			Object documented = ApplicationConversionService.getSharedInstance()
				.convert(property.get("defaultValue"), properties.getPropertyType(path));
			assertThat(documented).as("default of %s", property.get("name")).isEqualTo(properties.getPropertyValue(path));
		});
	}

	@Test
	void thePropertiesStartFromTheCoreDefaults() {
		FailoverDataSourceProperties properties = new FailoverDataSourceProperties();
		assertThat(properties.getHealth().getInterval()).isEqualTo(FailoverDefaults.HEALTH_INTERVAL);
		assertThat(properties.getFailback().getDelay()).isEqualTo(FailoverDefaults.FAILBACK_DELAY);
		assertThat(properties.getLeakDetection().getThreshold()).isEqualTo(FailoverDefaults.LEAK_THRESHOLD);
		assertThat(properties.getReadOnlyRouting().getMaxWait()).isEqualTo(FailoverDefaults.READ_YOUR_WRITES_MAX_WAIT);
	}

	private static String beanPath(String property) {
		Matcher matcher = KEBAB.matcher(property.substring("failover.datasource.".length()));
		StringBuilder path = new StringBuilder();
		while (matcher.find()) {
			matcher.appendReplacement(path, matcher.group(1).toUpperCase());
		}
		return matcher.appendTail(path).toString();
	}

}
