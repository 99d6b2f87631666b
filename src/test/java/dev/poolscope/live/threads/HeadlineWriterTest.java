package dev.poolscope.live.threads;

import dev.poolscope.live.ThreadCategory;
import dev.poolscope.live.ThreadSample;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class HeadlineWriterTest {

    private static ThreadSample sample(long id, ThreadCategory c, long stuckMillis, String pool, String connectionId,
                                       String... stack) {
        return new ThreadSample(id, "t" + id, "RUNNABLE", c, stuckMillis, true, pool, connectionId, null, null,
                List.of(stack));
    }

    private static ThreadAnalysis analysis(List<ThreadSample> threads, List<DeadlockGroup> deadlocks) {
        return new ThreadAnalysis(Instant.EPOCH, threads, deadlocks, Set.of(), StuckPolicy.DEFAULT);
    }

    @Test
    void socketHangsNameCountDurationPoolAndWaiters() {
        List<ThreadSample> threads = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            threads.add(sample(i, ThreadCategory.SOCKET_IO, 61_000 + i * 1000, "orders-db", "c" + i,
                    "sun.nio.ch.Net.poll(Native Method)"));
        }
        for (int i = 100; i < 108; i++) {
            threads.add(sample(i, ThreadCategory.AWAITING_CONNECTION, 2_000, null, null));
        }
        Headline h = HeadlineWriter.write(analysis(threads, List.of()));
        assertThat(h.severity()).isEqualTo(Headline.Severity.CRITICAL);
        assertThat(h.problem()).isEqualTo(
                "12 threads stuck in socket reads for > 61 s on pool orders-db; 8 waiting for a connection");
        assertThat(h.explanation()).contains("firewall");
        assertThat(h.setting()).contains("socketTimeout").contains("tcpKeepAlive").contains("keepaliveTime");
    }

    @Test
    void exhaustedPoolWithoutSocketHangsPointsAtLeaksAndPoolSize() {
        Headline h = HeadlineWriter.write(analysis(List.of(
                sample(1, ThreadCategory.AWAITING_CONNECTION, 15_000, "orders-db", null),
                sample(2, ThreadCategory.AWAITING_CONNECTION, 12_000, "orders-db", null),
                sample(3, ThreadCategory.OTHER, 300_000, "orders-db", "conn-1")), List.of()));
        assertThat(h.problem()).isEqualTo("2 threads waiting for a connection for > 12 s on pool orders-db;"
                + " no thread is hung on a database socket");
        assertThat(h.explanation()).contains("leaked").contains("t3 (conn-1)");
        assertThat(h.setting()).contains("leakDetectionThreshold").contains("maximumPoolSize");
    }

    @Test
    void deadlockComesFirstAndNamesTheThreads() {
        Headline h = HeadlineWriter.write(analysis(List.of(
                        sample(1, ThreadCategory.BLOCKED, 20_000, null, null),
                        sample(2, ThreadCategory.BLOCKED, 20_000, null, null),
                        sample(3, ThreadCategory.SOCKET_IO, 90_000, null, null)),
                List.of(new DeadlockGroup(List.of(1L, 2L), List.of("t1", "t2")))));
        assertThat(h.problem()).startsWith("Deadlock: 2 threads (t1, t2) wait for each other's locks");
        assertThat(h.setting()).isNull();
    }

    @Test
    void lockContentionNamesTheOwner() {
        ThreadSample blocked = new ThreadSample(1, "w1", "BLOCKED", ThreadCategory.BLOCKED, 30_000L, true, null, null,
                "java.lang.Object@1", "worker-9 (#9)", List.of());
        Headline h = HeadlineWriter.write(analysis(List.of(blocked), List.of()));
        assertThat(h.problem()).isEqualTo("1 thread blocked on locks for > 30 s, held by worker-9 (#9)");
    }

    @Test
    void shortWaitsAreAWarningAndNothingIsOk() {
        Headline waiting = HeadlineWriter.write(analysis(List.of(
                sample(1, ThreadCategory.AWAITING_CONNECTION, 3_000, null, null)), List.of()));
        Headline ok = HeadlineWriter.write(analysis(List.of(sample(1, ThreadCategory.OTHER, 999_000, null, null)),
                List.of()));
        assertThat(waiting.severity()).isEqualTo(Headline.Severity.WARNING);
        assertThat(waiting.problem()).isEqualTo("1 thread waiting for a connection, none for longer than 10 s");
        assertThat(ok.severity()).isEqualTo(Headline.Severity.OK);
        assertThat(ok.problem()).startsWith("No stuck threads: 1 thread");
    }

    @Test
    void longDurationsAreShownInMinutes() {
        assertThat(HeadlineWriter.duration(119_999)).isEqualTo("119 s");
        assertThat(HeadlineWriter.duration(900_000)).isEqualTo("15 min");
    }
}
