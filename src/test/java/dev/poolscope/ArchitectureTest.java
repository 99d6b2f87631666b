package dev.poolscope;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The dependency direction of design.md, enforced. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.poolscope");
    }

    @Test
    void coreDoesNotDependOnTheUi() {
        // Core code must run headless (CLI over SSH, tests) and stay testable without JavaFX.
        noClasses().that().resideInAnyPackage("dev.poolscope.attach..", "dev.poolscope.live..", "dev.poolscope.lab..",
                        "dev.poolscope.demo..", "dev.poolscope.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.poolscope.ui..", "javafx..", "org.controlsfx..")
                .because("the UI depends on the core, never the other way")
                .check(classes);
    }

    @Test
    void appNeverImportsProbeClasses() {
        // The probe lives in other people's JVMs; the app reads it only through JMX open types.
        noClasses().that().resideInAPackage("dev.poolscope..").and().resideOutsideOfPackage("dev.poolscope.probe..")
                .should().dependOnClassesThat().resideInAPackage("dev.poolscope.probe..")
                .because("the probe's contract is docs/probe-mxbean.md, not its classes")
                .check(classes);
    }

    @Test
    void probeDependsOnNothingOfTheApp() {
        // The probe is compiled apart (target/probe-classes, release 8): import it from there.
        JavaClasses probe = new ClassFileImporter().importPath(java.nio.file.Paths.get("target", "probe-classes"));
        noClasses().that().resideInAPackage("dev.poolscope.probe..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.poolscope.attach..", "dev.poolscope.live..",
                        "dev.poolscope.lab..", "dev.poolscope.demo..", "dev.poolscope.cli..", "dev.poolscope.ui..",
                        "javafx..", "picocli..", "com.zaxxer..", "org.slf4j..")
                .because("the probe is loaded alone into target JVMs, with only its own relocated ASM")
                .check(probe);
    }

    @Test
    void cliDoesNotDependOnTheLabUiOrLiveViews() {
        noClasses().that().resideInAPackage("dev.poolscope.live..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.poolscope.lab..", "dev.poolscope.cli..")
                .check(classes);
    }
}
