package dev.poolscope.attach;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real processes that are not JVMs: attaching must refuse without signalling them or writing files. */
class JavaProcessCheckTest {

    private final List<Process> started = new ArrayList<>();
    // A clock far in the future makes every process "old enough", so only the Java check can refuse.
    private final JvmConnector connector = new JvmConnector(Duration.ofSeconds(5), Clock.offset(Clock.systemUTC(), Duration.ofHours(1)));

    @AfterEach
    void stop() {
        started.forEach(Process::destroyForcibly);
        connector.close();
    }

    @Test
    void refusesPythonProcessAndLeavesItAliveWithoutAttachFile() throws Exception {
        Process p = start("python3", "-c", "import time; time.sleep(60)");
        // python3 may be a pyenv shell shim that execs the interpreter: wait for the real one.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> comm(p).startsWith("python"));
        assertRefusedAndUntouched(p, comm(p));
    }

    @Test
    void refusesSleepProcessAndLeavesItAliveWithoutAttachFile() throws Exception {
        Process p = start("sleep", "60");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> comm(p).equals("sleep"));
        assertRefusedAndUntouched(p, "sleep");
    }

    @Test
    void refusesPidThatDoesNotExist() {
        long pid = 4_000_000L; // above pid_max's 2^22 ceiling: never a live pid.
        assertThatThrownBy(() -> connector.attach(pid, false)).isInstanceOf(ConnectFailure.class)
                .hasMessageStartingWith("no process with pid " + pid);
    }

    @Test
    void acceptsARunningHotSpotJvm() {
        assertThat(new JavaProcessCheck().refusal(ProcessHandle.current().pid())).isNull();
    }

    private static String comm(Process p) throws Exception {
        return Files.readString(Path.of("/proc/" + p.pid() + "/comm")).trim();
    }

    private Process start(String... command) throws Exception {
        Process p = new ProcessBuilder(command).start();
        started.add(p);
        return p;
    }

    private void assertRefusedAndUntouched(Process p, String comm) throws Exception {
        long pid = p.pid();
        assertThatThrownBy(() -> connector.attach(pid, true)).isInstanceOf(ConnectFailure.class)
                .hasMessageStartingWith("pid " + pid + " is not a Java process (it is `" + comm + "`)");
        assertThat(p.isAlive()).isTrue();
        assertThat(p.waitFor(300, java.util.concurrent.TimeUnit.MILLISECONDS)).as("still running after refusal").isFalse();
        assertThat(Files.exists(Path.of("/proc/" + pid + "/cwd/.attach_pid" + pid))).isFalse();
        assertThat(Files.exists(Path.of("/tmp/.attach_pid" + pid))).isFalse();
    }
}
