package dev.poolscope.live;

import dev.poolscope.live.threads.ThreadSample;
import dev.poolscope.attach.TargetInfo;
import dev.poolscope.live.threads.ThreadAnalysis;

import java.time.Instant;
import java.util.List;

/**
 * Everything read from one target in one poll; immutable, safe to hand to the FX thread.
 *
 * @param threadAnalysis           the stuck-thread analysis the threads come from (deadlocks, policy), or null
 *                                 when threads were not read
 * @param threadCounts             thread counts from ThreadMXBean attributes, or null when not read
 *                                 (they are read when the stacks cannot be)
 * @param threadsUnavailableReason why threads were not read, in words, or null when they were
 * @param threadPacing             how often this poller reads the threads (the threads shown may come from
 *                                 an earlier poll: {@code threadAnalysis.sampledAt()}), or null when not paced
 */
public record TargetSnapshot(
        Instant capturedAt,
        TargetInfo target,
        List<PoolSnapshot> pools,
        List<ThreadSample> threads,
        ThreadAnalysis threadAnalysis,
        ThreadCounts threadCounts,
        String threadsUnavailableReason,
        ThreadPacing threadPacing) {

    /** Why a target with the probe loaded shows no pool yet: the CLI, the JSON and the GUI say it alike. */
    public static final String NO_POOLS_WITH_PROBE = "The probe finds HikariCP pools as soon as they exist, and DBCP2,"
            + " Tomcat JDBC, Agroal, c3p0, Vibur, Druid and Oracle UCP pools at their first borrow or housekeeping run"
            + " (evictor, cleaner, validation) after it loaded; none so far in this JVM. An idle pool without housekeeping"
            + " stays unseen until its next borrow.";

    /** Why a target without the probe shows no pool (issue 16.1): say so, and how to fix it. */
    public static final String NO_POOLS_WITHOUT_PROBE = "No HikariCP MBeans (com.zaxxer.hikari:*) in this JVM: its pools run"
            + " with registerMbeans=false, HikariCP's default, which cannot be switched on for a running pool. Fix: set"
            + " registerMbeans=true (Spring Boot: spring.datasource.hikari.register-mbeans=true) and restart, or load the"
            + " PoolScope probe, which finds pools without MBeans (over JMX with --probe-jar PATH, a path on the target's host,"
            + " or the start page's 'Connect + probe…'; by attaching on the target's host; or by starting it with -javaagent).";

    public TargetSnapshot {
        pools = List.copyOf(pools);
        threads = List.copyOf(threads);
    }

    public TargetSnapshot(Instant capturedAt, TargetInfo target, List<PoolSnapshot> pools, List<ThreadSample> threads,
                          ThreadAnalysis threadAnalysis, ThreadCounts threadCounts, String threadsUnavailableReason) {
        this(capturedAt, target, pools, threads, threadAnalysis, threadCounts, threadsUnavailableReason, null);
    }

    public TargetSnapshot(Instant capturedAt, TargetInfo target, List<PoolSnapshot> pools, List<ThreadSample> threads,
                          ThreadAnalysis threadAnalysis) {
        this(capturedAt, target, pools, threads, threadAnalysis, null, null);
    }

    public TargetSnapshot(Instant capturedAt, TargetInfo target, List<PoolSnapshot> pools, List<ThreadSample> threads) {
        this(capturedAt, target, pools, threads, null);
    }
}
