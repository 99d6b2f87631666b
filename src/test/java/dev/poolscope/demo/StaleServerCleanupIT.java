package dev.poolscope.demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Real postgres servers, identified by the marker PoolScope writes next to their data directory. */
class StaleServerCleanupIT {

    @Test
    void aServerAndDataDirectoryWhoseOwnerPidIsDeadAreRemovedOnTheNextStart() throws Exception {
        Path tmp = Files.createTempDirectory("stale-test-");
        long deadPid = deadPid();
        Path root = Files.createDirectory(tmp.resolve(LeftoverServers.DATA_DIR_PREFIX + deadPid + "-1"));
        Files.writeString(root.resolve(LeftoverServers.OWNER_FILE), Long.toString(deadPid));
        EmbeddedPostgres orphan = EmbeddedPostgres.builder()
                .setDataDirectory(root.resolve(LeftoverServers.DATA_SUBDIR)).setCleanDataDirectory(false).start();
        ProcessHandle postgres = LeftoverServers.postmaster(root.resolve(LeftoverServers.DATA_SUBDIR)).orElseThrow();
        Path emptyFromCtrlC = Files.createDirectory(tmp.resolve(LeftoverServers.DATA_DIR_PREFIX + deadPid + "-2"));
        Path ourLivingOne = Files.createDirectory(tmp.resolve(LeftoverServers.DATA_DIR_PREFIX + ProcessHandle.current().pid() + "-3"));
        try {
            new LeftoverServers(tmp).removeStale();

            await().atMost(Duration.ofSeconds(10)).until(() -> !postgres.isAlive());
            assertThat(root).doesNotExist();
            assertThat(emptyFromCtrlC).doesNotExist();
            assertThat(ourLivingOne).exists();
        } finally {
            orphan.close();
            LeftoverServers.deleteTree(tmp);
        }
    }

    @Test
    void killingTheDemoServiceJvmWithSigkillStopsItsPostgres() throws java.io.IOException {
        try (DemoHandle demo = DemoLauncher.start(s -> { })) {
            Path dir = java.nio.file.Paths.get(System.getProperty("java.io.tmpdir"));
            // The service JVM's last argument is its PostgreSQL's data directory (see DemoLauncher): take
            // exactly that server, not any server of this test JVM (an earlier test's might still be stopping).
            // (ProcessHandle.Info has no arguments for a command line this long: read /proc.)
            String[] serviceArgs = new String(java.nio.file.Files.readAllBytes(Path.of("/proc", Long.toString(demo.servicePid()), "cmdline")),
                    java.nio.charset.StandardCharsets.UTF_8).split("\0");
            ProcessHandle postgres = LeftoverServers.postmaster(
                    Path.of(serviceArgs[serviceArgs.length - 1]).resolve(LeftoverServers.DATA_SUBDIR)).orElseThrow();
            assertThat(dir).exists();

            ProcessHandle.of(demo.servicePid()).orElseThrow().destroyForcibly();

            // ~10 s on an idle machine (1 s watcher tick, SIGTERM, 5 s grace, SIGKILL); a loaded CI runner needs more.
            await().atMost(Duration.ofSeconds(40)).until(() -> !postgres.isAlive());
        }
    }


    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }
}
