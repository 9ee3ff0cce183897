package io.github.failoverds.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layout as rules: the core packages (the failover DataSource without Spring) import nothing of
 * Spring; no package depends on itself through another; only the auto-configuration reads Spring's
 * {@code Environment}; the core knows nothing of the Boot wiring above it.
 */
class ArchitectureTest {

	private static final String[] CORE = { "io.github.failoverds.routing..", "io.github.failoverds.health..",
			"io.github.failoverds.leak..", "io.github.failoverds.support.." };

	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TEST_FIXTURES)
		.withImportOption((location) -> !location.contains("-tests.jar") && !location.contains("test-support"))
		.importPackages("io.github.failoverds");

	@Test
	void coreDependsOnNoSpring() {
		noClasses().that()
			.resideInAnyPackage(CORE)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..")
			.check(MAIN);
	}

	@Test
	void coreKnowsNothingOfTheBootWiring() {
		noClasses().that()
			.resideInAnyPackage(CORE)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.github.failoverds.autoconfigure..", "io.github.failoverds.actuate..")
			.check(MAIN);
	}

	@Test
	void noPackageCycles() {
		slices().matching("io.github.failoverds.(**)").should().beFreeOfCycles().check(MAIN);
	}

	@Test
	void onlyTheAutoConfigurationReadsTheEnvironment() {
		noClasses().that()
			.resideOutsideOfPackage("io.github.failoverds.autoconfigure")
			.should()
			.dependOnClassesThat()
			.areAssignableTo(org.springframework.core.env.Environment.class)
			.check(MAIN);
	}

}
