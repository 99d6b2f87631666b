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
    void killingTheDemoServiceJvmWithSigkillStopsItsPostgres() {
        try (DemoHandle demo = DemoLauncher.start(s -> { })) {
            Path dir = java.nio.file.Paths.get(System.getProperty("java.io.tmpdir"));
            ProcessHandle postgres = ProcessHandle.allProcesses()
                    .filter(h -> h.info().commandLine().orElse("").contains(LeftoverServers.DATA_DIR_PREFIX + ProcessHandle.current().pid() + "-"))
                    .filter(h -> h.info().command().orElse("").endsWith("postgres"))
                    .filter(h -> LeftoverServers.postmaster(Path.of(h.info().arguments().map(a -> argAfter(a, "-D")).orElse(""))).isPresent())
                    .findFirst().orElseThrow();
            assertThat(dir).exists();

            ProcessHandle.of(demo.servicePid()).orElseThrow().destroyForcibly();

            // ~10 s on an idle machine (1 s watcher tick, SIGTERM, 5 s grace, SIGKILL); a loaded CI runner needs more.
            await().atMost(Duration.ofSeconds(40)).until(() -> !postgres.isAlive());
        }
    }

    private static String argAfter(String[] args, String flag) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(flag)) {
                return args[i + 1];
            }
        }
        return "";
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }
}
