package dev.poolscope.fleet;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The shipped alert rules pass the real promtool: syntax check and their unit tests. */
class AlertRulesTest {

    private static final Path DIR = Paths.get("packaging/prometheus");

    @Test
    void shippedAlertRulesPassPromtoolCheck() throws Exception {
        assertThat(promtool("check", "rules", "poolscope-alerts.yaml")).contains("SUCCESS: 4 rules found");
    }

    @Test
    void shippedAlertRulesPassTheirPromtoolUnitTests() throws Exception {
        assertThat(promtool("test", "rules", "poolscope-alerts.test.yaml")).contains("SUCCESS");
    }

    private static String promtool(String... args) throws Exception {
        assumeTrue(onPath("promtool"), "promtool is not installed (Debian package prometheus; .ci/run installs it)");
        String[] cmd = new String[args.length + 1];
        cmd[0] = "promtool";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Path out = Files.createTempFile("promtool", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).directory(DIR.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            boolean done = p.waitFor(30, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly();
            }
            String text = new String(Files.readAllBytes(out), StandardCharsets.UTF_8);
            assertThat(done).as("promtool finished within 30 s").isTrue();
            assertThat(p.exitValue()).as(text).isZero();
            return text;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Paths.get(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
