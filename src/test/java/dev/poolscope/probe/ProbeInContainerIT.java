package dev.poolscope.probe;

import dev.poolscope.attach.JvmConnector;
import dev.poolscope.attach.TargetConnection;
import dev.poolscope.live.ProbeSnapshotReader;
import dev.poolscope.attach.ProbeStatus;
import dev.poolscope.live.TargetSnapshot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The container case with a real pool: HikariCP in a JVM under {@code unshare --pid --mount
 * --fork --mount-proc} with a private /tmp (its perf data and PoolScope's probe jar are invisible
 * across). Listed under its host pid, probed through /proc/<pid>/root, its pool shown. Root only.
 */
@ExtendWith(SharedDatabase.class)
class ProbeInContainerIT {

    private static final Duration STEP = Duration.ofSeconds(30);

    @BeforeEach
    void needsRootAndUnshare() {
        assumeTrue("root".equals(System.getProperty("user.name")), "unshare and mount need root");
        assumeTrue(Files.isExecutable(Paths.get("/usr/bin/unshare")), "no /usr/bin/unshare");
        // The container's /tmp is private: a checkout under /tmp leaves its workload and jars unseen there.
        Path project = TargetJvm.IT_LIBS.toAbsolutePath().normalize();
        assumeTrue(!project.startsWith("/tmp"), "the project is under /tmp, which the container cannot see: " + project);
    }

    @Test
    void aPoolInAJvmInItsOwnPidAndMountNamespaceIsShownUnderTheHostPid(@TempDir Path dir) throws Exception {
        // PoolScope's install as the container cannot see it: under the host's /tmp.
        Path probeJar = Files.copy(TargetJvm.PROBE_JAR, dir.resolve("poolscope-probe.jar"));
        assumeTrue(probeJar.startsWith("/tmp"), "the test's temp dir must be under /tmp to be hidden: " + probeJar);
        try (TargetJvm target = TargetJvm.inContainer("5.1.0", SharedDatabase.jdbcUrlWithCredentials(), "boxed-pool");
             JvmConnector connector = new JvmConnector(Duration.ofSeconds(5), Clock.systemUTC(), () -> Optional.of(probeJar))) {
            assertThat(target.pid()).as("pid inside its namespace").isEqualTo(1);
            target.awaitLine("POOLREADY", STEP);
            long hostPid = target.hostPid();
            assertThat(hostPid).isNotEqualTo(1);
            assertThat(Paths.get("/proc", Long.toString(hostPid), "root").resolve(probeJar.toString().substring(1)))
                    .as("the probe jar is hidden from the container").doesNotExist();
            await().atMost(STEP).untilAsserted(() -> assertThat(connector.listLocal()).anySatisfy(j -> {
                assertThat(j.pid()).isEqualTo(hostPid);
                assertThat(j.namespacePid()).isEqualTo(1L);
                assertThat(j.displayName()).startsWith(ProbeWorkload.class.getName()).doesNotContain("hunter2");
                assertThat(j.jvmVersion()).startsWith(String.valueOf(Runtime.version().feature()));
                assertThat(j.attachable()).isTrue();
            }));
            assertThat(connector.listLocal()).noneMatch(j -> j.pid() == 1);

            try (TargetConnection c = connector.attach(hostPid, true)) {
                assertThat(c.info().probe()).as(c.info().probeMessage()).isEqualTo(ProbeStatus.LOADED);
                assertThat(c.info().pid()).isEqualTo(hostPid);
                // Pool classes are read after the jar copy is removed: the target keeps its open file.
                await().atMost(STEP).until(() -> c.mbeans().isRegistered(TargetJvm.poolName("boxed-pool")));
                TargetSnapshot s = new ProbeSnapshotReader(Clock.systemUTC(), false).read(c);
                assertThat(s.pools()).singleElement().satisfies(p -> {
                    assertThat(p.name()).isEqualTo("boxed-pool");
                    assertThat(p.total()).isEqualTo(2);
                    assertThat(p.connections()).hasSize(2);
                });
            }
            try (Stream<Path> left = Files.list(Paths.get("/proc", Long.toString(hostPid), "root", "tmp"))) {
                assertThat(left.map(p -> p.getFileName().toString())).as("the probe's copy in the container's /tmp is removed")
                        .noneMatch(n -> n.startsWith("poolscope-probe-"));
            }
            assertThat(target.transcript()).doesNotContain("Agent JAR not found").doesNotContain("[poolscope-probe]");
        }
    }

    @Test
    void aJvmInItsOwnNetworkNamespaceIsListedAsUnreachableAndRefusedInWordsBeforeAnythingIsSentToIt(@TempDir Path dir)
            throws Exception {
        Path probeJar = Files.copy(TargetJvm.PROBE_JAR, dir.resolve("poolscope-probe.jar"));
        try (TargetJvm target = TargetJvm.inOwnNetworkNamespace();
             JvmConnector connector = new JvmConnector(Duration.ofSeconds(5), Clock.systemUTC(), () -> Optional.of(probeJar))) {
            target.awaitLine("READY", STEP);
            long hostPid = target.hostPid();
            assertThat(Files.readSymbolicLink(Paths.get("/proc", Long.toString(hostPid), "ns", "net")))
                    .as("its own network namespace")
                    .isNotEqualTo(Files.readSymbolicLink(Paths.get("/proc/self/ns/net")));
            await().atMost(STEP).untilAsserted(() -> assertThat(connector.listLocal()).anySatisfy(j -> {
                assertThat(j.pid()).isEqualTo(hostPid);
                assertThat(j.attachable()).isFalse();
                assertThat(j.notAttachableReason()).contains("runs in its own network namespace");
            }));

            assertThatThrownBy(() -> connector.attach(hostPid, true).close())
                    .isInstanceOf(dev.poolscope.attach.ConnectFailure.class)
                    .hasMessageContaining("runs in its own network namespace (a container)")
                    .hasMessageContaining("Run PoolScope inside the container")
                    .hasMessageContaining("--jmx");
            assertThat(ProcessHandle.of(hostPid)).as("the target keeps running").hasValueSatisfying(
                    h -> assertThat(h.isAlive()).isTrue());
            // Refused before the Attach API touched it: no attach file, no probe copy, no probe loaded.
            try (Stream<Path> left = Files.list(Paths.get("/proc", Long.toString(hostPid), "root", "tmp"))) {
                assertThat(left.map(p -> p.getFileName().toString())).as("nothing written into the container's /tmp")
                        .noneMatch(n -> n.startsWith("poolscope-probe-") || n.startsWith(".attach_pid"));
            }
            try (Stream<Path> fds = Files.list(Paths.get("/proc", Long.toString(hostPid), "fd"))) {
                assertThat(fds.map(fd -> {
                    try {
                        return Files.readSymbolicLink(fd).toString();
                    } catch (java.io.IOException closed) {
                        return "";
                    }
                })).as("no probe jar open in the target").noneMatch(link -> link.contains("poolscope-probe"));
            }
            assertThat(target.transcript()).doesNotContain("[poolscope-probe]");
        }
    }
}
