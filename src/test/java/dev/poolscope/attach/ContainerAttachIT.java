package dev.poolscope.attach;

import dev.poolscope.it.IdleTarget;
import dev.poolscope.live.ProbeStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.ObjectName;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real JVM in its own PID and mount namespace ({@code unshare --pid --mount --fork --mount-proc},
 * with a private /tmp, so neither its perf-data file nor PoolScope's probe jar are visible across):
 * it is listed under its host pid, and the probe reaches it through /proc/<pid>/root. Needs root
 * (unshare, mount); skipped otherwise.
 */
class ContainerAttachIT {

    private static final Duration STEP = Duration.ofSeconds(30);

    private Process unshare;
    private final List<String> output = new CopyOnWriteArrayList<>();

    @BeforeEach
    void needsRootAndUnshare() {
        assumeTrue("root".equals(System.getProperty("user.name")), "unshare and mount need root");
        assumeTrue(Files.isExecutable(Paths.get("/usr/bin/unshare")), "no /usr/bin/unshare");
    }

    @AfterEach
    void stop() throws Exception {
        if (unshare != null) {
            unshare.descendants().forEach(ProcessHandle::destroyForcibly);
            unshare.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aJvmInItsOwnPidAndMountNamespaceIsListedUnderItsHostPidAndGetsTheProbe(@TempDir Path dir) throws Exception {
        // The probe jar where only the host sees it: the container's /tmp is a fresh tmpfs.
        Path probeJar = Files.copy(Paths.get(System.getProperty("poolscope.probe.jar", "target/poolscope-probe.jar")),
                dir.resolve("poolscope-probe.jar"));
        assumeTrue(probeJar.startsWith("/tmp"), "the test's temp dir must be under /tmp to be hidden: " + probeJar);
        String classes = Paths.get(IdleTarget.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        unshare = new ProcessBuilder("/usr/bin/unshare", "--pid", "--mount", "--fork", "--mount-proc", "/bin/sh", "-c",
                "mount -t tmpfs tmpfs /tmp && exec " + java + " -Xmx32m -cp " + classes + " " + IdleTarget.class.getName())
                .redirectErrorStream(true).start();
        pump(unshare);
        await().atMost(STEP).until(() -> output.stream().anyMatch(l -> l.startsWith("READY")));
        assertThat(output).contains("READY 1"); // pid 1 inside its namespace
        long hostPid = unshare.descendants().filter(p -> p.info().command().orElse("").endsWith("/java"))
                .map(ProcessHandle::pid).findFirst().orElseThrow();
        assertThat(hostPid).isNotEqualTo(1);
        assertThat(Paths.get("/proc", Long.toString(hostPid), "root").resolve(probeJar.toString().substring(1)))
                .as("PoolScope's probe jar is hidden from the container").doesNotExist();

        try (JvmConnector connector = new JvmConnector(Duration.ofSeconds(5), Clock.systemUTC(), () -> Optional.of(probeJar))) {
            await().atMost(STEP).untilAsserted(() -> assertThat(connector.listLocal()).anySatisfy(j -> {
                assertThat(j.pid()).isEqualTo(hostPid);
                assertThat(j.namespacePid()).isEqualTo(1L);
                assertThat(j.displayName()).contains(IdleTarget.class.getName());
                assertThat(j.jvmVersion()).startsWith(String.valueOf(Runtime.version().feature()));
                assertThat(j.attachable()).isTrue();
            }));
            assertThat(connector.listLocal()).noneMatch(j -> j.pid() == 1);

            try (TargetConnection c = connector.attach(hostPid, true)) {
                assertThat(c.info().probe()).as(c.info().probeMessage()).isEqualTo(ProbeStatus.LOADED);
                assertThat(c.mbeans().isRegistered(new ObjectName("dev.poolscope:type=ProbeAgent"))).isTrue();
                assertThat(c.mbeans().getAttribute(new ObjectName("dev.poolscope:type=ProbeAgent"), "ProbeVersion")).isNotNull();
            }
            try (Stream<Path> left = Files.list(Paths.get("/proc", Long.toString(hostPid), "root", "tmp"))) {
                assertThat(left.map(p -> p.getFileName().toString())).as("the copy is removed after loading")
                        .noneMatch(n -> n.startsWith("poolscope-probe-"));
            }
        }
        assertThat(output).noneMatch(l -> l.contains("Agent JAR not found") || l.contains("[poolscope-probe]"));
    }

    private void pump(Process p) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.add(line);
                }
            } catch (Exception ignored) {
                // ended
            }
        }, "container-output");
        t.setDaemon(true);
        t.start();
    }
}
