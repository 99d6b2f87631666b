package dev.poolscope.demo;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Real processes: the demo launcher, its service JVM and its postgres, killed with SIGKILL. */
class DemoLeftoversIT {

    @Test
    void killingTheDemoLauncherWithSigkillStopsItsServiceJvmAndItsPostgresWithin15Seconds() throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process launcher = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.poolscope.Main", "demo")
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.contains("Ctrl-C")) {
                // wait until the demo is up
            }
        }
        Path root = Files.list(Paths.get(System.getProperty("java.io.tmpdir")))
                .filter(p -> p.getFileName().toString().startsWith("poolscope-pg-" + launcher.pid() + "-"))
                .findFirst().orElseThrow();
        ProcessHandle postgres = LeftoverServers.postmaster(root.resolve(LeftoverServers.DATA_SUBDIR)).orElseThrow();
        List<ProcessHandle> services = launcher.toHandle().children().collect(Collectors.toList());
        assertThat(services).isNotEmpty();

        launcher.destroyForcibly();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(services).noneMatch(ProcessHandle::isAlive);
            assertThat(postgres.isAlive()).isFalse();
            assertThat(root).doesNotExist();
        });
    }
}
