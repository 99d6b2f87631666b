package dev.poolscope.live.threads;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

class ThreadsArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.poolscope.live.threads", "dev.poolscope.ui.threads");

    @Test
    void threadAnalysisHasNoUiSoTheCliAndSnapshotCanUseIt() {
        noClasses().that().resideInAPackage("dev.poolscope.live.threads..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "dev.poolscope.ui..")
                .check(classes);
    }

    @Test
    void threadsViewModelDoesNotTouchNodesSoItIsTestableWithoutAStage() {
        noClasses().that().haveSimpleNameEndingWith("ViewModel").and().resideInAPackage("dev.poolscope.ui.threads")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..")
                .check(classes);
    }
}
