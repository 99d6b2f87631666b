package dev.poolscope.probe;

import dev.poolscope.attach.JvmConnector;
import dev.poolscope.attach.TargetConnection;
import dev.poolscope.attach.ProbeStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/**
 * "Probe loaded" is said only when the probe answers, and the probe needs nothing from the target
 * but the jar it is given: no writable java.io.tmpdir, no bootstrap class path append (whose CDS
 * warning would land in the target's log). Real child JVMs, real HikariCP, real PostgreSQL.
 */
@ExtendWith(SharedDatabase.class)
class ProbeLoadVerifiedIT {

    private static final Duration STEP = Duration.ofSeconds(20);
    private static final String CDS_WARNING = "Sharing is only supported for boot loader classes";

    @Test
    void whatTheProbeOpensOfTheJdkIsOpenedToTheProbeAloneNotToTheApplication() throws Exception {
        try (TargetJvm target = TargetJvm.onClassPath(List.of("-XX:TieredStopAtLevel=1"), "6.3.3",
                SharedDatabase.jdbcUrlWithCredentials(), "opens-pool");
             JvmConnector connector = new JvmConnector()) {
            target.awaitLine("READY", STEP);
            target.send("REFLECT");
            assertThat(target.awaitLine("REFLECT", STEP)).startsWith("REFLECT denied");
            awaitAttachable(connector, target.pid());
            try (TargetConnection c = connector.attach(target.pid(), true)) {
                assertThat(c.info().probe()).as(c.info().probeMessage()).isEqualTo(ProbeStatus.LOADED);
                // The probe itself did open java.lang (it reads the housekeeper thread's fields) ...
                await().atMost(STEP).until(() -> c.mbeans().isRegistered(TargetJvm.poolName("opens-pool")));
                assertThat(java.util.Arrays.toString((String[]) c.mbeans().getAttribute(TargetJvm.agentName(), "Messages")))
                        .doesNotContain("could not open java.base").doesNotContain("whole class path");
            }
            // ... and the application, on the same class path, still may not.
            target.send("REFLECT");
            assertThat(target.awaitLine("REFLECT", STEP)).startsWith("REFLECT denied");
        }
    }

    @Test
    void aTargetWhoseTmpdirIsReadOnlyGetsAWorkingProbeAndNoCdsWarningInItsLog(@TempDir Path dir) throws Exception {
        Path readOnly = readOnlyDirectory(dir.resolve("ro"));
        try (TargetJvm target = TargetJvm.onClassPath(List.of("-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-Djava.io.tmpdir=" + readOnly), "5.1.0", SharedDatabase.jdbcUrlWithCredentials(), "ro-tmp-pool");
             JvmConnector connector = new JvmConnector()) {
            target.awaitLine("READY", STEP);
            awaitAttachable(connector, target.pid());
            try (TargetConnection c = connector.attach(target.pid(), true)) {
                assertThat(c.info().probe()).as(c.info().probeMessage()).isEqualTo(ProbeStatus.LOADED);
                assertThat(c.info().probeMessage()).isNull();
                await().atMost(STEP).until(() -> c.mbeans().isRegistered(TargetJvm.poolName("ro-tmp-pool")));
                assertThat(c.mbeans().getAttribute(TargetJvm.agentName(), "Instrumentation")).isEqualTo("active");
            }
            assertThat(target.transcript()).doesNotContain(CDS_WARNING).doesNotContain("[poolscope-probe]");
        }
    }

    @Test
    void loadingTheProbeIntoATargetUsingCdsLeavesNoCdsWarningInItsLog() throws Exception {
        try (TargetJvm target = TargetJvm.onClassPath(List.of("-XX:TieredStopAtLevel=1", "-Xshare:auto"), "5.1.0",
                SharedDatabase.jdbcUrlWithCredentials(), "cds-pool");
             JvmConnector connector = new JvmConnector()) {
            target.awaitLine("READY", STEP);
            awaitAttachable(connector, target.pid());
            try (TargetConnection c = connector.attach(target.pid(), true)) {
                // Only a JVM that maps the CDS archive would print the warning: check this one does.
                CompositeData sharing = (CompositeData) c.mbeans().invoke(new ObjectName("com.sun.management:type=HotSpotDiagnostic"),
                        "getVMOption", new Object[] {"UseSharedSpaces"}, new String[] {String.class.getName()});
                assertThat(sharing.get("value")).isEqualTo("true");
                assertThat(c.info().probe()).as(c.info().probeMessage()).isEqualTo(ProbeStatus.LOADED);
                await().atMost(STEP).until(() -> c.mbeans().isRegistered(TargetJvm.poolName("cds-pool")));
                target.send("WAIT after-attach"); // a borrow through the instrumented pool, so hook classes are in use
                target.awaitLine("GOT after-attach", STEP);
            }
            assertThat(target.transcript()).doesNotContain(CDS_WARNING).doesNotContain("[poolscope-probe]");
        }
    }

    @Test
    void anAgentThatLoadsButNeverStartsIsReportedAsFailedInWordsNotAsLoaded(@TempDir Path dir) throws Exception {
        Path inertJar = inertAgentJar(dir.resolve("inert-agent.jar"));
        try (TargetJvm target = TargetJvm.withoutHikari();
             JvmConnector connector = new JvmConnector(Duration.ofSeconds(2), Clock.systemUTC(), () -> Optional.of(inertJar))) {
            target.awaitLine("READY", STEP);
            awaitAttachable(connector, target.pid());
            try (TargetConnection c = connector.attach(target.pid(), true)) {
                assertThat(c.info().probe()).isEqualTo(ProbeStatus.FAILED);
                assertThat(c.info().probeMessage())
                        .contains("pid " + target.pid())
                        .contains("did not start")
                        .contains("dev.poolscope:type=ProbeAgent did not appear within 2 s");
            }
        }
    }

    private static void awaitAttachable(JvmConnector connector, long pid) {
        await().atMost(STEP).until(() -> connector.listLocal().stream().anyMatch(j -> j.pid() == pid && j.attachable()));
    }

    /**
     * A directory no file can be created in. Permissions stop everyone but root; as root, sysfs (which
     * refuses new files to root too) stands in. The test checks that it really is read-only.
     */
    private static Path readOnlyDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        Path chosen = canCreateFileIn(dir) ? Paths.get("/sys") : dir;
        assumeTrue(!canCreateFileIn(chosen), "no read-only directory available on this machine");
        return chosen;
    }

    private static boolean canCreateFileIn(Path dir) {
        try {
            Files.delete(Files.createTempFile(dir, "poolscope-ro-check-", ".tmp"));
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static Path inertAgentJar(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Agent-Class", InertAgent.class.getName());
        String entry = InertAgent.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
             InputStream in = InertAgent.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }
}
