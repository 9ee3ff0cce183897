package io.github.failoverds.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.failoverds.actuate.FailoverMetricsRecorder;
import io.github.failoverds.actuate.ReplicationLagMeters;
import io.github.failoverds.health.NodeRole;
import io.github.failoverds.health.ProbeResult;
import io.github.failoverds.health.ReplicationLag;
import io.github.failoverds.routing.FailoverDataSource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;
import static org.awaitility.Awaitility.await;

/**
 * The README documents the public contract (see its "API and stability" section); this test keeps the
 * two in step. Every property of the configuration metadata has a row in the README's property reference
 * with the same default, and every row there is a property. Every {@code failover.datasource.*} meter
 * that a running application registers has a row in the README's metrics table with its type and tag
 * names, and every row there is registered. A failure names exactly what to add to or remove from the
 * README.
 */
class DocumentedApiContractTest {

	/** The metadata the configuration processor generated for this build. */
	private static final Path METADATA = Path.of("target", "classes", "META-INF", "spring-configuration-metadata.json");

	private static final String PROPERTY_REFERENCE = "### Property reference";

	private static final String METRICS = "### Metrics";

	private static final String METER_PREFIX = "failover.datasource.";

	/** How the README writes the index of a list element: {@code nodes[i].url}. */
	private static final String README_INDEX = "[i]";

	/** Default values by property name, {@code null} for a property without one. */
	private static Map<String, Object> metadata;

	@BeforeAll
	static void readMetadata() throws IOException {
		List<Map<String, Object>> properties;
		try (InputStream json = Files.newInputStream(METADATA)) {
			properties = JsonPath.parse(json).read("$.properties[*]");
		}
		metadata = new TreeMap<>();
		for (Map<String, Object> property : properties) {
			for (String name : documentedNames((String) property.get("name"))) {
				metadata.put(name, property.get("defaultValue"));
			}
		}
	}

	@Test
	void everyPropertyIsInThePropertyReferenceAndEveryRowThereIsAProperty() throws IOException {
		Set<String> rows = propertyRows().keySet();
		Set<String> undocumented = new TreeSet<>(metadata.keySet());
		undocumented.removeIf((property) -> rows.stream().anyMatch((row) -> covers(row, property)));
		List<String> unknown = rows.stream()
			.filter((row) -> metadata.keySet().stream().noneMatch((property) -> covers(row, property)))
			.toList();
		assertSoftly((softly) -> {
			softly.assertThat(undocumented)
				.as("properties missing from README.md's property reference (%s): add a row | `<property>` | type "
						+ "| default | environment variable | description | for each", PROPERTY_REFERENCE)
				.isEmpty();
			softly.assertThat(unknown)
				.as("rows of README.md's property reference (%s) that are no property of the configuration "
						+ "metadata: renamed or removed? Correct or remove them", PROPERTY_REFERENCE)
				.isEmpty();
		});
	}

	@Test
	void propertyReferenceGivesTheDefaultOfTheMetadata() throws IOException {
		Map<String, String> wrong = new TreeMap<>();
		propertyRows().forEach((row, shownDefault) -> {
			Object actual = metadata.get(row);
			if (actual != null && !ReadmeTable.codeIn(shownDefault).contains(String.valueOf(actual))) {
				wrong.put(row, "README says '" + shownDefault + "', the metadata `" + actual + "`");
			}
		});
		assertThat(wrong).as("defaults in README.md's property reference (%s) that are not the properties' "
				+ "defaults: correct the default column", PROPERTY_REFERENCE).isEmpty();
	}

	@Test
	void everyMeterIsInTheMetricsTableAndEveryRowThereIsRegistered(@TempDir Path credentials) throws IOException {
		// rotating credentials for a node, so that their meter is registered too
		Files.writeString(credentials.resolve("password"), "contract");
		Map<String, String> documented = documentedMeters();
		new ApplicationContextRunner().withConfiguration(starterAutoConfigurations())
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
			.withPropertyValues("failover.datasource.nodes[0].url=jdbc:h2:mem:contract-a",
					"failover.datasource.nodes[1].url=jdbc:h2:mem:contract-b",
					"failover.datasource.nodes[1].credentials-directory=" + credentials,
					"failover.datasource.hikari.minimum-idle=0")
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				exerciseEverything(context.getBean(FailoverDataSource.class), registry,
						context.getBean(ReplicationLagMeters.class));
				Map<String, String> registered = registeredMeters(registry);
				assertThat(registered).as("registered meters (type, tag names) against README.md's metrics table "
						+ "(%s). An unexpected entry is a meter the README lacks or describes differently: add or "
						+ "correct its row | `<meter>` | type | tags | what |. An entry not found is a row of the "
						+ "README that no meter matches: renamed or removed? Or a meter that this test's scenario "
						+ "does not make: extend exerciseEverything", METRICS)
					.containsExactlyInAnyOrderEntriesOf(documented);
			});
	}

	/**
	 * Make the data source do everything that registers a meter: probes, a borrow, a change of the
	 * active node, and a replica's measured lag (H2 has no replica: the lag meters are told of a probe
	 * as a PostgreSQL replica's would tell them).
	 */
	private static void exerciseEverything(FailoverDataSource dataSource, MeterRegistry registry,
			ReplicationLagMeters lagMeters) throws Exception {
		try (Connection connection = dataSource.getConnection()) {
			assertThat(connection.isValid(1)).isTrue();
		}
		dataSource.getPolicy().switchOver("standby-1");
		await().until(() -> registry.find(FailoverMetricsRecorder.HEALTH_CHECKS).timer() != null);
		lagMeters.onProbe(dataSource.getNodes().get(0), ProbeResult.healthy(Instant.now(), Duration.ZERO,
				NodeRole.REPLICA, new ReplicationLag(Duration.ofMillis(300), 8192, 0)));
	}

	/** Every auto-configuration of the starter, so that a new one is covered too. */
	private static AutoConfigurations starterAutoConfigurations() {
		return AutoConfigurations.of(ImportCandidates.load(AutoConfiguration.class, null)
			.getCandidates()
			.stream()
			.filter((candidate) -> candidate.startsWith("io.github.failoverds."))
			.map(DocumentedApiContractTest::loadClass)
			.toArray(Class<?>[]::new));
	}

	/** The rows of the property reference: property to the default column. */
	private static Map<String, String> propertyRows() throws IOException {
		Map<String, String> rows = new LinkedHashMap<>();
		for (List<String> row : ReadmeTable.after(PROPERTY_REFERENCE).rows()) {
			ReadmeTable.codeIn(row.get(0)).stream().findFirst().ifPresent((name) -> rows.put(name, row.get(2)));
		}
		return rows;
	}

	/** The {@code failover.datasource.*} rows of the metrics table: meter to "type, tag names". */
	private static Map<String, String> documentedMeters() throws IOException {
		Map<String, String> meters = new TreeMap<>();
		for (List<String> row : ReadmeTable.after(METRICS).rows()) {
			Set<String> tags = new TreeSet<>(ReadmeTable.codeIn(row.get(2).replaceAll("\\([^)]*\\)", "")));
			ReadmeTable.codeIn(row.get(0))
				.stream()
				.filter((name) -> name.startsWith(METER_PREFIX))
				.forEach((name) -> meters.put(name, description(row.get(1), tags)));
		}
		return meters;
	}

	/** The {@code failover.datasource.*} meters of a registry: meter to "type, tag names". */
	private static Map<String, String> registeredMeters(MeterRegistry registry) {
		Map<String, List<Meter.Id>> byName = registry.getMeters()
			.stream()
			.map(Meter::getId)
			.filter((id) -> id.getName().startsWith(METER_PREFIX))
			.collect(Collectors.groupingBy(Meter.Id::getName, TreeMap::new, Collectors.toList()));
		Map<String, String> meters = new TreeMap<>();
		byName.forEach((name, ids) -> meters.put(name, description(ids.get(0).getType().name(), ids.stream()
			.flatMap((id) -> id.getTags().stream())
			.map(Tag::getKey)
			.collect(Collectors.toCollection(TreeSet::new)))));
		return meters;
	}

	private static String description(String type, Set<String> tags) {
		return type.toLowerCase(Locale.ROOT) + ", tags " + tags;
	}

	/**
	 * The names under which the README documents a property of the metadata: itself, or for a list of
	 * settings (such as {@code failover.datasource.nodes}) the settings of its elements, written
	 * {@code nodes[i].url}, since the metadata describes no list element.
	 */
	private static List<String> documentedNames(String property) {
		List<String> elementSettings = KnownPropertyNames.FAILOVER
			.settingsBelow(ConfigurationPropertyName.of(property));
		if (elementSettings.isEmpty() || !elementSettings.get(0).startsWith(property + "[0].")) {
			return List.of(property);
		}
		return elementSettings.stream()
			.map((setting) -> setting.replace(property + "[0]", property + README_INDEX))
			.toList();
	}

	/** Whether a README row is a property, or a row such as {@code hikari.*} that covers it. */
	private static boolean covers(String row, String property) {
		if (row.endsWith(".*")) {
			String group = row.substring(0, row.length() - 2);
			return property.equals(group) || property.startsWith(group + ".");
		}
		return row.equals(property);
	}

	private static Class<?> loadClass(String name) {
		try {
			return Class.forName(name);
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
