package dev.poolscope.demo;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real processes: {@code poolscope lab} with its embedded PostgreSQL, killed with SIGKILL (no
 * shutdown hook runs). Before its watchdog, the postmaster and its data directory stayed until
 * the next PoolScope start.
 */
class LabLeftoversIT {

    @Test
    void killingTheLabWithSigkillStopsItsPostgresAndRemovesItsDataWithin15Seconds() throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Path log = Files.createTempFile("lab-leftovers-", ".log");
        Process lab = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.poolscope.Main", "lab",
                "--strategies", "none", "--param", "quietMillis=600000")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Path tmp = Paths.get(System.getProperty("java.io.tmpdir"));
            String prefix = LeftoverServers.DATA_DIR_PREFIX + lab.pid() + "-";
            ProcessHandle[] postgres = new ProcessHandle[1];
            Path[] root = new Path[1];
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(lab.isAlive()).as(Files.readString(log)).isTrue();
                try (Stream<Path> dirs = Files.list(tmp)) {
                    Optional<Path> dir = dirs.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst();
                    assertThat(dir).isPresent();
                    root[0] = dir.get();
                }
                Optional<ProcessHandle> pm = LeftoverServers.postmaster(root[0].resolve(LeftoverServers.DATA_SUBDIR));
                assertThat(pm).as("the lab's postgres is up").isPresent();
                postgres[0] = pm.get();
                // Its watchdog starts right after the server (a kill in between is left to the next start's cleanup).
                assertThat(lab.toHandle().children().map(h -> h.info().commandLine().orElse(""))
                        .filter(c -> c.contains("poolscope-pg-watchdog"))).as("the watchdog").isNotEmpty();
            });

            lab.destroyForcibly();

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(postgres[0].isAlive()).as("the lab's postgres").isFalse();
                assertThat(root[0]).as("its data directory").doesNotExist();
            });
        } finally {
            lab.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    @Test
    void theWatchdogLeavesAServerItsOwnerStoppedAlone() throws Exception {
        Path dir;
        try (EmbeddedDatabase db = EmbeddedDatabase.start()) {
            dir = db.dataDir();
            assertThat(ProcessHandle.current().children().map(h -> h.info().commandLine().orElse(""))
                    .filter(c -> c.contains("poolscope-pg-watchdog")).filter(c -> c.contains(dir.toString())))
                    .as("a watchdog for this server").hasSize(1);
        }
        // close() ended it: no watchdog for this server is left once it is stopped (other tests' servers keep theirs).
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(ProcessHandle.current().children()
                .filter(ProcessHandle::isAlive)
                .map(h -> h.info().commandLine().orElse(""))
                .filter(c -> c.contains("poolscope-pg-watchdog") && c.contains(dir.toString()))).isEmpty());
    }
}
