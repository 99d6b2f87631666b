package dev.poolscope.testing;

import dev.poolscope.attach.JvmConnector;

import java.time.Duration;
import java.time.Instant;

import static org.awaitility.Awaitility.await;

/** Waits until PoolScope's own age rule lets it attach to a JVM, for tests that attach right after starting one. */
public final class Attachable {

    /** The start time from /proc has a clock tick's resolution: a margin so the rule has surely passed. */
    private static final Duration MARGIN = Duration.ofMillis(300);

    private Attachable() {
    }

    /** Returns once {@code pid} has run longer than {@link JvmConnector#MIN_UPTIME} (plus a margin). */
    public static void awaitOldEnough(long pid) {
        Instant started = ProcessHandle.of(pid).flatMap(h -> h.info().startInstant())
                .orElseThrow(() -> new AssertionError("no start time for pid " + pid));
        Instant attachable = started.plus(JvmConnector.MIN_UPTIME).plus(MARGIN);
        await().atMost(JvmConnector.MIN_UPTIME.plus(Duration.ofSeconds(5)))
                .until(() -> !Instant.now().isBefore(attachable));
    }
}
