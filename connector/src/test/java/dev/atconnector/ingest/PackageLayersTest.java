package dev.atconnector.ingest;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package layering of issue 17, checked on the main classes' bytecode on every build (a grep of the imports
 * would rot). From the bottom: {@code model}, {@code retry}, {@code source}; {@code decode}; {@code metrics};
 * {@code sink}; {@code config}; {@code es}; {@code pipeline}, {@code setup}; {@code checkpoint}; {@code cli} on top.
 */
class PackageLayersTest {
  private static final String BASE = "dev.atconnector.ingest";
  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(BASE);
  }

  @Test
  void noPackagesDependOnEachOtherInACycle() {
    slices().matching(BASE + ".(*)..").should().beFreeOfCycles().check(main);
  }

  /**
   * Classes outside {@code cli} allowed to use it (with their nested classes), each with its reason. Since issue 17's
   * app layer only the entry point is left.
   */
  private static final Set<String> USE_THE_CLI = Set.of(
      // the entry point, whose whole job is to run the CLI: permanent
      BASE + ".Main");

  /** The CLI turns flags into settings, calls the layers below and prints; nothing below needs it. */
  @Test
  void nothingOutsideTheCliDependsOnIt() {
    DescribedPredicate<JavaClass> knownException = DescribedPredicate.describe("a known exception",
        c -> USE_THE_CLI.contains(c.getName().replaceFirst("\\$.*", "")));
    noClasses().that().resideOutsideOfPackage(BASE + ".cli..")
        .and(DescribedPredicate.not(knownException))
        .should().dependOnClassesThat().resideInAPackage(BASE + ".cli..")
        .check(main);
  }
}
