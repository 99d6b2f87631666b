package dev.poolscope;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14 item 8: {@code java -jar target/poolscope.jar gui} starts JavaFX as named modules, the
 * supported configuration, so JavaFX no longer warns "Unsupported JavaFX configuration". Runs the
 * shipped jar in a real child JVM without a display: JavaFX gets as far as opening the display
 * (after the configuration check) and exits, which takes a second and needs no X server.
 */
class GuiModulesIT {

    private static final Path JAR = Path.of("target", "poolscope.jar");
    private static final String WARNING = "Unsupported JavaFX configuration";

    private static String runGui(String... jvmOptions) throws IOException, InterruptedException {
        assertThat(JAR).as("the shaded jar is built in package").exists();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of("-jar", JAR.toString(), "gui"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        // A display that does not exist: JavaFX starts, then fails to open it and names its modules.
        // (With no DISPLAY at all, Main says so in words before starting JavaFX: MainTest.)
        pb.environment().put("DISPLAY", ":59999");
        pb.environment().remove("WAYLAND_DISPLAY");
        Path out = Files.createTempFile("poolscope-gui-", ".log");
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the GUI without a display exits").isTrue();
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Files.deleteIfExists(out);
        }
    }

    @Test
    void theJarStartsJavaFxAsNamedModulesWithoutTheUnsupportedConfigurationWarning() throws Exception {
        String output = runGui();

        assertThat(output).doesNotContain(WARNING);
        // JavaFX's own frames carry their module name: loaded from the module path.
        assertThat(output).contains("javafx.graphics@").contains("Unable to open DISPLAY");
    }

    @Test
    void fromTheClassPathTheSameJarWarnsWhichIsWhatTheLauncherAvoids() throws Exception {
        String output = runGui("-D" + GuiLauncher.DIR_PROPERTY + "=off");

        assertThat(output).contains(WARNING + ": classes were loaded from 'unnamed module");
    }

    @Test
    void withoutAnyDisplayTheWindowSaysSoInWordsInsteadOfAToolkitStackTrace() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString(), "gui").redirectErrorStream(true);
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(output).contains("needs a display").contains("snapshot --pid N").doesNotContain("Exception");
    }
}
