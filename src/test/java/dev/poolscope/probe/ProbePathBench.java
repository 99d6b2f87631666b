package dev.poolscope.probe;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The probe's own share of a borrow, without a pool around it: the hooks an instrumented HikariCP
 * 5.x+ getConnection+close calls (borrowStartedAt, leasedAt, borrowEndedAt, returned), in that
 * order, on one {@link BorrowRecorder}, for one thread and for eight threads each on its own entry.
 * The clock values they pass are HikariCP's own reads, which the pool pays with or without the
 * probe; here they are a counter. What
 * {@code BorrowOverheadBench} shows as "probe − plain" is this plus what the hooks do to the pool's
 * code around them (inlining, registers). Not part of the suite:
 * {@code ./mvnw -B -q -Pbench exec:exec -Djmh.args="ProbePathBench -prof gc"}.
 */
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx256m")
public class ProbePathBench {

    /** One recorder and pool shared by all threads, as in a service. */
    @State(Scope.Benchmark)
    public static class Shared {
        final BorrowRecorder recorder = new BorrowRecorder(() -> { });
        final Object pool = new Object();
        final AtomicInteger nextEntry = new AtomicInteger();
    }

    /** Each borrowing thread's own connection (HikariCP hands a PoolEntry to one thread at a time). */
    @State(Scope.Thread)
    public static class Borrower {
        Object entry;
        Object proxy;
        long clock;

        @org.openjdk.jmh.annotations.Setup
        public void setUp(Shared shared) {
            shared.nextEntry.incrementAndGet();
            entry = new Object();
            proxy = new Object();
        }
    }

    private static void borrowAndReturn(Shared s, Borrower b) {
        BorrowRecorder r = s.recorder;
        long lastAccessed = b.clock;
        r.borrowStartedAt(s.pool, b.clock += 1_000);
        r.leasedAt(b.entry, lastAccessed);
        r.borrowEndedAt(s.pool, b.proxy, b.clock += 1_000, 500); // idle 2 µs: no validation
        r.returned(s.pool, b.entry, b.clock += 1_000);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Threads(1)
    public void hooks1(Shared s, Borrower b) {
        borrowAndReturn(s, b);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(8)
    public void hooks8(Shared s, Borrower b) {
        borrowAndReturn(s, b);
    }
}
