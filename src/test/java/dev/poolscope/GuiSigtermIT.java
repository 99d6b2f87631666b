package dev.poolscope;


import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 14 item 7: SIGTERM to the GUI (a logout, `kill`, systemd stopping a session), or SIGKILL of
 * the launcher the user sees in `ps`, while it runs the demo leaves nothing behind: not the GUI's own JVM, the demo service JVM or the embedded
 * PostgreSQL. The real app in a real X server (Xvfb), `gui --demo` as a user starts it.
 */
class GuiSigtermIT {

    private static final Path JAR = Path.of("target", "poolscope.jar");

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"SIGTERM", "SIGKILL"})
    void endingTheGuiRunningTheDemoLeavesNoProcessBehind(String signal) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/Xvfb")), "needs Xvfb (Debian's xvfb; .ci/run installs it)");
        assertThat(JAR).as("the shaded jar is built in package").exists();
        String display = ":" + ThreadLocalRandom.current().nextInt(200, 400);
        Process xvfb = new ProcessBuilder("/usr/bin/Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Path appData = Files.createTempDirectory("poolscope-gui-sigterm");
        Process gui = null;
        List<ProcessHandle> tree = new java.util.ArrayList<>();
        try {
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dpoolscope.appdata.dir=" + appData, "-jar", JAR.toString(), "gui", "--demo")
                    .redirectErrorStream(true).redirectOutput(appData.resolve("gui.log").toFile());
            pb.environment().put("DISPLAY", display);
            gui = pb.start();
            Process started = gui;
            // The demo is up once the GUI's tree holds the demo service JVM and its PostgreSQL runs. pg_ctl
            // detaches the server from the tree; its data directory is named after the JVM that started it.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
                    names(started).stream().anyMatch(n -> n.contains("dev.poolscope.demo.DemoService"))
                            && !postgresOf(started).isEmpty());
            tree.addAll(started.descendants().toList());
            tree.addAll(postgresOf(started));
            assertThat(tree).as(names(started).toString()).hasSizeGreaterThanOrEqualTo(3);

            if (signal.equals("SIGTERM")) {
                gui.destroy();
            } else {
                gui.destroyForcibly(); // the launcher only: its window JVM must notice and end the rest
            }
            assertThat(gui.waitFor(20, TimeUnit.SECONDS)).as("the GUI exits on " + signal).isTrue();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(tree)
                    .as("processes the GUI started, still alive after " + signal).noneMatch(ProcessHandle::isAlive));
        } finally {
            if (gui != null) {
                gui.descendants().forEach(ProcessHandle::destroyForcibly);
                gui.destroyForcibly();
            }
            tree.forEach(ProcessHandle::destroyForcibly); // what a failed run left, even once the GUI is gone
            xvfb.destroy();
            xvfb.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** The PostgreSQL servers whose data directory (poolscope-pg-<pid>-...) belongs to a JVM under {@code p}. */
    private static List<ProcessHandle> postgresOf(Process p) {
        List<String> owners = p.descendants().map(h -> "poolscope-pg-" + h.pid() + "-").toList();
        return ProcessHandle.allProcesses().filter(h -> {
            String cmd = h.info().commandLine().orElse("");
            return cmd.contains("/bin/postgres") && owners.stream().anyMatch(cmd::contains);
        }).toList();
    }

    /** Command lines of everything under {@code p}. */
    private static List<String> names(Process p) {
        return p.descendants().map(h -> h.info().commandLine().orElse("")).toList();
    }
}
