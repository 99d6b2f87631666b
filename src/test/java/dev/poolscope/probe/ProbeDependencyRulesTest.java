package dev.poolscope.probe;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * The probe is loaded into other people's JVMs, so it may use only the JDK, itself and the ASM it
 * relocates; its hooks, which HikariCP code in any class loader calls, may use only the JDK.
 */
class ProbeDependencyRulesTest {

    private static final Path PROBE_SOURCES = Paths.get("src", "probe", "java");
    private static final Set<String> PROBE_SOURCE_NAMES = probeSourceNames();

    /**
     * The classes compiled from src/probe/java, wherever the build put them (target/classes or the
     * test output), and not the probe's tests, which share the package.
     */
    private final JavaClasses probe = new ClassFileImporter().importPath(outputHolding(ProbeAgent.class))
            .that(DescribedPredicate.describe("compiled from src/probe/java", ProbeDependencyRulesTest::isProbeSource));

    private static boolean isProbeSource(JavaClass c) {
        String name = c.getName();
        int nested = name.indexOf('$');
        return PROBE_SOURCE_NAMES.contains(nested < 0 ? name : name.substring(0, nested));
    }

    private static Path outputHolding(Class<?> type) {
        try {
            return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> probeSourceNames() {
        try (Stream<Path> files = Files.walk(PROBE_SOURCES)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .map(f -> PROBE_SOURCES.relativize(f).toString().replace('/', '.').replace('\\', '.'))
                    .map(n -> n.substring(0, n.length() - ".java".length()))
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void probeDependsOnlyOnTheJdkItselfAndAsm() {
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "javax..", "dev.poolscope.probe..", "org.objectweb.asm..",
                        "dev.poolscope.secrets..", "dev.poolscope.tcpevidence..", "dev.poolscope.threadrules..")
                .because("the probe runs inside target JVMs and must not need anything on their class path"
                        + " (dev.poolscope.secrets, dev.poolscope.tcpevidence and dev.poolscope.threadrules are compiled"
                        + " into the probe jar: docs/decisions/0003-one-secret-masker.md,"
                        + " docs/decisions/0007-thread-rules-shared-with-the-probe.md)")
                .check(probe);
    }

    @Test
    void bootstrapHooksDependOnlyOnTheJdk() {
        classes().that().resideInAPackage("dev.poolscope.probe.boot")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.poolscope.probe.boot")
                .because("HikariCP's class loader may see nothing of the probe but the hooks")
                .check(probe);
    }
}
