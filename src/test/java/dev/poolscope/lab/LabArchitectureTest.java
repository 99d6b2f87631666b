package dev.poolscope.lab;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The lab core is used by the CLI over SSH, where there is no JavaFX: it must not need it. */
class LabArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.poolscope.lab", "dev.poolscope.ui.lab");

    @Test
    void labCoreDoesNotDependOnJavaFxOrTheUi() {
        noClasses().that().resideInAPackage("dev.poolscope.lab..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "dev.poolscope.ui..", "dev.poolscope.cli..")
                .because("the lab runs headless from the CLI")
                .check(classes);
    }

    @Test
    void labScreenReachesLabServicesOnlyThroughItsViewModel() {
        // Immutable values (Sample, StrategyResult, settings) may be shown by views; services may not be called.
        noClasses().that().resideInAPackage("dev.poolscope.ui.lab..").and().haveNameNotMatching(".*ViewModel.*")
                .should().dependOnClassesThat().haveSimpleNameEndingWith("Run")
                .orShould().dependOnClassesThat().haveSimpleNameEndingWith("Database")
                .orShould().dependOnClassesThat().haveSimpleNameEndingWith("Proxy")
                .orShould().dependOnClassesThat().haveSimpleNameEndingWith("Dropper")
                .orShould().dependOnClassesThat().haveSimpleNameEndingWith("Report")
                .because("only the view-model touches services, and it keeps them off the FX thread (house style)")
                .check(classes);
    }
}
