package dev.poolscope.probe;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * The probe is loaded into other people's JVMs, so it may use only the JDK, itself and the ASM it
 * relocates; its bootstrap hooks, loaded by the bootstrap class loader, may use only the JDK.
 */
class ProbeDependencyRulesTest {

    private final JavaClasses probe = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.poolscope.probe");

    @Test
    void probeDependsOnlyOnTheJdkItselfAndAsm() {
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "javax..", "dev.poolscope.probe..", "org.objectweb.asm..")
                .because("the probe runs inside target JVMs and must not need anything on their class path")
                .check(probe);
    }

    @Test
    void bootstrapHooksDependOnlyOnTheJdk() {
        classes().that().resideInAPackage("dev.poolscope.probe.boot")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.poolscope.probe.boot")
                .because("the bootstrap class loader sees nothing but the JDK and the boot jar")
                .check(probe);
    }
}
