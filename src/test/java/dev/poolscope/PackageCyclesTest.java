package dev.poolscope;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** No two packages of the app depend on each other, directly or round a loop. */
class PackageCyclesTest {

    @Test
    void appPackagesAreFreeOfCycles() {
        // A cycle means neither package can be understood, tested or moved without the other;
        // each slice is one package (dev.poolscope.live and dev.poolscope.live.threads are two).
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.poolscope");
        slices().matching("dev.poolscope.(**)").should().beFreeOfCycles().check(classes);
    }
}
