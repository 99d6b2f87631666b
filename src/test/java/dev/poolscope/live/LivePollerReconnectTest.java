package dev.poolscope.live;

import dev.poolscope.attach.ConnectFailure;
import dev.poolscope.attach.ProbeStatus;
import dev.poolscope.attach.TargetConnection;
import dev.poolscope.attach.TargetInfo;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServerConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The poller's reconnect logic with a scripted connection (pure logic; the real RMI behaviour is
 * WatchReconnectIT's): a connection JMX gave up is reopened on the poller's call thread, and each
 * change is said once.
 */
class LivePollerReconnectTest {

    private final TargetInfo info = new TargetInfo(4242L, "svc", "17", "pid 4242", ProbeStatus.ABSENT, "absent");
    private final List<String> said = new CopyOnWriteArrayList<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final SnapshotListener listener = new SnapshotListener() {
        @Override
        public void onSnapshot(TargetSnapshot snapshot) {
            reads.incrementAndGet();
        }

        @Override
        public void onFailure(String message, boolean targetGone) {
            said.add((targetGone ? "GONE " : "") + message);
        }

        @Override
        public void onReconnected(String message) {
            said.add(message);
        }
    };

    /** Broken until a reconnect succeeds; each reconnect takes the next scripted outcome (null = success). */
    private final class ScriptedConnection implements TargetConnection {
        volatile boolean broken;
        final Queue<ConnectFailure> outcomes = new ArrayDeque<>();
        final AtomicInteger attempts = new AtomicInteger();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public MBeanServerConnection mbeans() {
            throw new UnsupportedOperationException("the source below does not read MBeans");
        }

        @Override
        public TargetInfo info() {
            return info;
        }

        @Override
        public boolean broken() {
            return broken;
        }

        @Override
        public synchronized void reconnect() throws ConnectFailure {
            attempts.incrementAndGet();
            threads.add(Thread.currentThread().getName());
            ConnectFailure next = outcomes.poll();
            if (next != null) {
                throw next;
            }
            broken = false;
        }

        @Override
        public void close() {
        }
    }

    private final ScriptedConnection connection = new ScriptedConnection();
    private final SnapshotSource source = c -> {
        if (connection.broken) {
            throw new java.io.IOException("Connection closed");
        }
        return new TargetSnapshot(Instant.now(), info, List.of(), List.of());
    };

    @Test
    void aBrokenConnectionIsReopenedOnTheCallThreadAndEachChangeIsSaidOnce() {
        connection.outcomes.add(new ConnectFailure(ConnectFailure.Reason.TIMEOUT, "No answer."));
        try (LivePoller poller = new LivePoller(connection, source, listener, Duration.ofMillis(50))) {
            poller.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> reads.get() >= 2);
            connection.broken = true; // JMX sent FAILED and closed its connector
            int before = reads.get();
            // First attempt at once (fails), the second after the 1 s back-off (works), then reads again.
            await().atMost(Duration.ofSeconds(5)).until(() -> reads.get() > before + 2);
            assertThat(connection.attempts).hasValue(2);
            assertThat(connection.threads).allMatch(t -> t.endsWith("-call"));
            assertThat(said).hasSize(2);
            assertThat(said.get(0)).startsWith("pid 4242 not answering since ").contains(", reconnecting");
            assertThat(said.get(1)).startsWith("Reconnected to pid 4242 at ").contains("it had not answered since");
        }
    }

    @Test
    void aReconnectThatGetsThroughAtOnceSaysOnlyReconnected() {
        try (LivePoller poller = new LivePoller(connection, source, listener, Duration.ofMillis(50))) {
            poller.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> reads.get() >= 1);
            connection.broken = true;
            int before = reads.get();
            await().atMost(Duration.ofSeconds(5)).until(() -> reads.get() > before + 1);
            assertThat(connection.attempts).hasValue(1);
            assertThat(said).singleElement().asString().startsWith("Reconnected to pid 4242");
        }
    }

    @Test
    void aRefusedReconnectMeansTheTargetIsGoneAndPollingStops() {
        connection.outcomes.add(new ConnectFailure(ConnectFailure.Reason.REFUSED, "Nothing listens at pid 4242 any more."));
        try (LivePoller poller = new LivePoller(connection, source, listener, Duration.ofMillis(50))) {
            poller.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> reads.get() >= 1);
            connection.broken = true;
            await().atMost(Duration.ofSeconds(5)).until(poller::closed);
            assertThat(said).singleElement().asString().startsWith("GONE Connection to pid 4242 lost: the target exited");
            assertThat(connection.attempts).hasValue(1);
        }
    }

    @Test
    void anotherReconnectProblemIsSaidOnceNotOnEveryAttempt() {
        for (int i = 0; i < 3; i++) {
            connection.outcomes.add(new ConnectFailure(ConnectFailure.Reason.AUTH_FAILED, "Reconnecting to pid 4242 was refused: bad password."));
        }
        try (LivePoller poller = new LivePoller(connection, source, listener, Duration.ofMillis(50))) {
            poller.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> reads.get() >= 1);
            connection.broken = true;
            // attempts at 0, +1 s, +2 s, then +4 s works
            await().atMost(Duration.ofSeconds(12)).until(() -> connection.attempts.get() == 4 && !connection.broken);
            assertThat(said).filteredOn(m -> m.contains("bad password")).hasSize(1);
            assertThat(said).filteredOn(m -> m.contains("reconnecting")).hasSize(1);
            assertThat(said).filteredOn(m -> m.startsWith("Reconnected")).hasSize(1);
        }
    }
}
