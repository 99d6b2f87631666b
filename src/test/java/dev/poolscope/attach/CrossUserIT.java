package dev.poolscope.attach;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 9: JVMs of another user, for real. The test runs as root (as in CI) and uses `runuser` to be
 * the user "nobody": PoolScope run as nobody lists root's JVMs with the way to reach them and
 * refuses to attach in words; PoolScope as root attaches to nobody's JVM with the probe.
 */
class CrossUserIT {

    private static final Path JAR = Path.of("target", "poolscope.jar").toAbsolutePath();
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @BeforeAll
    static void needsRootAndRunuser() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to act as another user (CI runs as root)");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runuser")) || Files.isExecutable(Path.of("/sbin/runuser")),
                "needs runuser (util-linux)");
        assertThat(JAR).as("the shaded jar is built in package").exists();
    }

    /** Runs the PoolScope CLI as {@code user} ("nobody") or as ourselves (null); returns exit code and output. */
    private static Result poolscope(String user, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (user != null) {
            cmd.addAll(List.of("runuser", "-u", user, "--"));
        }
        cmd.addAll(List.of(JAVA, "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(Path.of("/tmp").toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    private record Result(int exit, String out) {
    }

    @Test
    void asAnotherUserOurJvmIsListedWithTheWayToReachItAndAttachingIsRefusedInWords() throws Exception {
        long self = ProcessHandle.current().pid();

        Result list = poolscope("nobody", "list");
        assertThat(list.out()).as(list.out()).containsPattern("(?m)^" + self + "\\s+no\\s+.*it runs as user root \\(uid 0\\):"
                + " run PoolScope as that user \\(sudo -u root\\) or as root");

        // PoolScope refuses JVMs younger than 2 s, and this one (the test fork) may have just started.
        dev.poolscope.testing.Attachable.awaitOldEnough(self);
        Result snapshot = poolscope("nobody", "snapshot", "--pid", Long.toString(self), "--yes");
        assertThat(snapshot.exit()).as(snapshot.out()).isEqualTo(1);
        assertThat(snapshot.out()).contains("Could not attach to pid " + self)
                .contains("run PoolScope as that user (sudo -u root) or as root");
        assertThat(Path.of("/tmp/.attach_pid" + self)).as("no attach file left in root's JVM's way").doesNotExist();
    }

    @Test
    void asRootAnotherUsersJvmIsAttachedWithTheProbe() throws Exception {
        // Classes readable by nobody: the test classes directory of this build.
        String classes = Path.of("target", "test-classes").toAbsolutePath().toString();
        Process target = new ProcessBuilder("runuser", "-u", "nobody", "--", JAVA, "-cp", classes,
                "dev.poolscope.it.IdleTarget").directory(Path.of("/tmp").toFile()).redirectErrorStream(true).start();
        try {
            String ready = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertThat(ready).as("the target as nobody started").startsWith("READY ");
            long pid = Long.parseLong(ready.substring(6).trim());
            dev.poolscope.testing.Attachable.awaitOldEnough(pid);

            Result snapshot = poolscope(null, "snapshot", "--pid", Long.toString(pid), "--yes");
            assertThat(snapshot.exit()).as(snapshot.out()).isZero();
            assertThat(snapshot.out()).contains("(pid " + pid).contains("Probe   loaded");
        } finally {
            target.destroy();
            target.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
