package dev.poolscope.appdata;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

class AppDataArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.poolscope.appdata");

    @Test
    void appDataHasNoUiSoTheCliAndTestsUseItWithoutJavaFx() {
        noClasses().that().resideInAPackage("dev.poolscope.appdata..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "dev.poolscope.ui..")
                .check(classes);
    }

    @Test
    void appDataReachesOtherFeaturesOnlyForTheRemoteTargetItSaves() {
        // SavedConnection converts to and from attach.RemoteTarget (dropping the password); nothing else.
        noClasses().that().resideInAPackage("dev.poolscope.appdata..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.poolscope.live..", "dev.poolscope.lab..",
                        "dev.poolscope.demo..", "dev.poolscope.cli..", "dev.poolscope.probe..")
                .check(classes);
    }
}
