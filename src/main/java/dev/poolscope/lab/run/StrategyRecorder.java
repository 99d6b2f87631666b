package dev.poolscope.lab.run;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the workload of one strategy experienced, recorded from many worker threads at once.
 * Times come from {@link System#nanoTime()} because only differences matter.
 */
final class StrategyRecorder {

    private static final long STUCK_NANOS = 1_000_000_000L;

    private long[] borrowWaitNanos = new long[4096];
    private int borrowCount;
    private final AtomicLong windowMaxWaitNanos = new AtomicLong();
    private final Map<String, LongAdder> errorsByKind = new ConcurrentHashMap<>();
    private final LongAdder errors = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder deadHandedOut = new LongAdder();
    private final LongAdder successes = new LongAdder();
    private final LongAdder statementsSent = new LongAdder();
    private final Map<Long, Long> inFlightSinceNanos = new ConcurrentHashMap<>();
    private volatile long faultNanos = Long.MAX_VALUE;
    private final AtomicLong firstSuccessAfterFaultNanos = new AtomicLong(Long.MAX_VALUE);
    private int maxStuck;

    void operationStarted() {
        inFlightSinceNanos.put(Thread.currentThread().getId(), System.nanoTime());
    }

    void operationEnded() {
        inFlightSinceNanos.remove(Thread.currentThread().getId());
    }

    synchronized void borrowed(long waitNanos) {
        if (borrowCount == borrowWaitNanos.length) {
            borrowWaitNanos = Arrays.copyOf(borrowWaitNanos, borrowCount * 2);
        }
        borrowWaitNanos[borrowCount++] = waitNanos;
        windowMaxWaitNanos.accumulateAndGet(waitNanos, Math::max);
    }

    void statementSent() {
        statementsSent.increment();
    }

    void succeeded() {
        successes.increment();
        long now = System.nanoTime();
        if (now >= faultNanos) {
            firstSuccessAfterFaultNanos.accumulateAndGet(now, Math::min);
        }
    }

    /** The connection was borrowed but its first statement failed. */
    void deadConnection(SQLException e) {
        deadHandedOut.increment();
        error(e);
    }

    void borrowFailed(SQLException e) {
        if (e instanceof SQLTransientConnectionException) {
            timeouts.increment(); // HikariCP: "Connection is not available, request timed out after N ms"
        } else {
            error(e);
        }
    }

    private void error(SQLException e) {
        errors.increment();
        errorsByKind.computeIfAbsent(kindOf(e), k -> new LongAdder()).increment();
    }

    void faultAt(long nanos) {
        faultNanos = nanos;
    }

    /** Called by the sampler: threads in one operation for more than 1 s right now. */
    synchronized int sampleStuck() {
        long now = System.nanoTime();
        int stuck = 0;
        for (long since : inFlightSinceNanos.values()) {
            if (now - since > STUCK_NANOS) {
                stuck++;
            }
        }
        maxStuck = Math.max(maxStuck, stuck);
        return stuck;
    }

    double takeWindowMaxWaitMillis() {
        return windowMaxWaitNanos.getAndSet(0) / 1e6;
    }

    long successes() {
        return successes.sum();
    }

    long failures() {
        return errors.sum() + timeouts.sum();
    }

    long statementsSent() {
        return statementsSent.sum();
    }

    synchronized Measures measures() {
        long[] sorted = Arrays.copyOf(borrowWaitNanos, borrowCount);
        Arrays.sort(sorted);
        Map<String, Long> kinds = new TreeMap<>();
        errorsByKind.forEach((k, v) -> kinds.put(k, v.sum()));
        long first = firstSuccessAfterFaultNanos.get();
        Long recovery = faultNanos == Long.MAX_VALUE ? null
                : first == Long.MAX_VALUE ? null : (first - faultNanos) / 1_000_000;
        return new Measures(percentile(sorted, 0.50), percentile(sorted, 0.99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, borrowCount, errors.sum(), Map.copyOf(kinds),
                timeouts.sum(), deadHandedOut.sum(), successes.sum(), maxStuck, recovery,
                faultNanos != Long.MAX_VALUE);
    }

    record Measures(double p50Millis, double p99Millis, double maxMillis, long borrows, long errors,
                    Map<String, Long> errorsByKind, long timeouts, long deadHandedOut, long successes,
                    int maxStuckThreads, Long recoveryMillis, boolean faulted) {
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int idx = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))] / 1e6;
    }

    /** A short, stable name for what went wrong, from the exception and its causes. */
    static String kindOf(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (t instanceof java.net.SocketTimeoutException || m.contains("read timed out")) {
                return "socket timeout";
            }
            if (m.contains("connection timed out")) {
                return "tcp keepalive timeout";
            }
            if (m.contains("terminating connection due to administrator command")) {
                return "terminated by server";
            }
            if (m.contains("connection reset") || m.contains("broken pipe")) {
                return "connection reset";
            }
        }
        if (state.equals("57P01")) {
            return "terminated by server";
        }
        if (state.startsWith("08")) {
            return "connection broken";
        }
        return state.isEmpty() ? "other" : "other (SQLState " + state + ")";
    }
}
