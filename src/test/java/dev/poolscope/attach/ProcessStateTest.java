package dev.poolscope.attach;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ProcessStateTest {

    @Test
    void theStateIsReadAfterACommandNameThatHoldsSpacesAndParentheses() {
        assertThat(ProcessState.stoppedState("42 (my (odd) name) T 1 42 42 0 -1")).isTrue();
        assertThat(ProcessState.stoppedState("42 (java) S 1 42 42 0 -1")).isFalse();
        assertThat(ProcessState.stoppedState("42 (gdb target) t 1")).isTrue();
        assertThat(ProcessState.stoppedState("garbage")).isFalse();
    }

    @Test
    void aRealProcessReadsStoppedAfterSigstopAndRunningAfterSigcont() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            assertThat(ProcessState.stopped(sleeper.pid())).isFalse();
            new ProcessBuilder("kill", "-STOP", Long.toString(sleeper.pid())).start().waitFor(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> ProcessState.stopped(sleeper.pid()));
            new ProcessBuilder("kill", "-CONT", Long.toString(sleeper.pid())).start().waitFor(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> !ProcessState.stopped(sleeper.pid()));
        } finally {
            sleeper.destroyForcibly();
        }
    }
}
