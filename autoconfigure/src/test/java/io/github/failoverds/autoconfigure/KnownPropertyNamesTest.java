package io.github.failoverds.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The names that bind, worked out from a properties class: JavaBean properties, constructor-bound
 * types such as records, lists, maps, and what is said about a name that does not bind.
 */
class KnownPropertyNamesTest {

	private final KnownPropertyNames sample = new KnownPropertyNames("sample", Sample.class, Set.of());

	@Test
	void everyPropertyOfTheConfigurationMetadataIsKnown() throws IOException {
		List<String> names;
		try (InputStream json = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			names = JsonPath.parse(json).read("$.properties[*].name");
		}
		assertThat(names).filteredOn((name) -> name.startsWith(FailoverDataSourceProperties.PREFIX + "."))
			.isNotEmpty()
			.allSatisfy((name) -> assertThat(KnownPropertyNames.FAILOVER.mismatch(ConfigurationPropertyName.of(name)))
				.as(name)
				.isEmpty());
	}

	@Test
	void namesOfJavaBeansRecordsListsAndMapsAreKnown() {
		assertThat(List.of("sample.name", "sample.limits.max-lag", "sample.limits.max-wait", "sample.tags",
				"sample.tags[3]", "sample.servers[0].host", "sample.labels.any.thing", "sample.labels[a.b]"))
			.allSatisfy((name) -> assertThat(this.sample.mismatch(ConfigurationPropertyName.of(name))).as(name)
				.isEmpty());
	}

	@Test
	void unknownNameGetsTheClosestKnownOneWithItsIndexes() {
		assertThat(this.sample.mismatch(ConfigurationPropertyName.of("sample.limits.max-lagg")))
			.hasValueSatisfying((mismatch) -> assertThat(mismatch.suggestion()).isEqualTo("sample.limits.max-lag"));
		assertThat(this.sample.mismatch(ConfigurationPropertyName.of("sample.server[2].hots")))
			.hasValueSatisfying((mismatch) -> assertThat(mismatch.suggestion()).isEqualTo("sample.servers[2].host"));
	}

	@Test
	void nameBelowASingleValueNamesThatValue() {
		assertThat(this.sample.mismatch(ConfigurationPropertyName.of("sample.tags[0].x")))
			.hasValueSatisfying((mismatch) -> assertThat(mismatch.valueProperty()).isEqualTo("sample.tags[0]"));
	}

	@Test
	void groupsListTheirSettings() {
		assertThat(this.sample.settingsBelow(ConfigurationPropertyName.of("sample.limits")))
			.containsExactly("sample.limits.max-lag", "sample.limits.max-wait");
		assertThat(this.sample.settingsBelow(ConfigurationPropertyName.of("sample.servers")))
			.containsExactly("sample.servers[0].host");
		assertThat(this.sample.settingsBelow(ConfigurationPropertyName.of("sample.tags"))).isEmpty();
		assertThat(this.sample.settingsBelow(ConfigurationPropertyName.of("other.limits"))).isEmpty();
	}

	static class Sample {

		private String name;

		private Limits limits;

		private List<String> tags = new ArrayList<>();

		private final List<Server> servers = new ArrayList<>();

		private Map<String, String> labels;

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public Limits getLimits() {
			return this.limits;
		}

		public void setLimits(Limits limits) {
			this.limits = limits;
		}

		public List<String> getTags() {
			return this.tags;
		}

		public void setTags(List<String> tags) {
			this.tags = tags;
		}

		public List<Server> getServers() {
			return this.servers;
		}

		public Map<String, String> getLabels() {
			return this.labels;
		}

		public void setLabels(Map<String, String> labels) {
			this.labels = labels;
		}

	}

	record Limits(Duration maxLag, int maxWait) {

	}

	static class Server {

		private String host;

		public String getHost() {
			return this.host;
		}

		public void setHost(String host) {
			this.host = host;
		}

	}

}
