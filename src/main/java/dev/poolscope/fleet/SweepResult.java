package dev.poolscope.fleet;

import dev.poolscope.live.PoolSnapshot;
import dev.poolscope.live.threads.Headline;

import java.util.List;

/**
 * What one target said in a sweep. Exactly one of {@code error} and {@code headline} is set, except
 * that a target read without threads has neither (then {@code headline} is null and the pools stand alone).
 *
 * @param error        why the target could not be read, in words; null when it was read
 * @param headline     the thread analysis' statement of what is wrong; null on error or without threads
 * @param stuckThreads threads past the stuck threshold (awaiting a connection, on a socket, blocked);
 *                     null when threads were not read
 * @param tookMillis   wall time spent on this target, including a missed deadline
 * @param noPoolsReason why no pool is listed for a target that was read (probe not loaded, or none
 *                      found by it), so an empty list is never read as "no pools, all well"; else null
 */
public record SweepResult(SweepTarget target, String error, Headline headline, List<PoolSnapshot> pools,
                          Integer stuckThreads, long tookMillis, String noPoolsReason) {

    static final String NO_POOLS_WITHOUT_PROBE = "no pools visible without the probe (HikariCP publishes MBeans only"
            + " with registerMbeans=true); --load-probe shows them";
    static final String NO_POOLS_WITH_PROBE = "the probe found no HikariCP, DBCP2, Tomcat JDBC or Agroal pool in this JVM";

    public SweepResult {
        pools = List.copyOf(pools);
    }

    SweepResult(SweepTarget target, String error, Headline headline, List<PoolSnapshot> pools, Integer stuckThreads,
                long tookMillis) {
        this(target, error, headline, pools, stuckThreads, tookMillis, null);
    }

    static SweepResult failed(SweepTarget target, String error, long tookMillis) {
        return new SweepResult(target, error, null, List.of(), null, tookMillis);
    }

    /** Threads waiting for a connection across the target's pools. */
    public int waiters() {
        return pools.stream().mapToInt(PoolSnapshot::pending).sum();
    }

    /** Sort rank, lower is worse: a critical headline, then an unreachable target, then warnings, then OK. */
    int rank() {
        if (error != null) {
            return 1;
        }
        if (headline == null) {
            return 3;
        }
        return switch (headline.severity()) {
            case CRITICAL -> 0;
            case WARNING -> 2;
            case OK -> 3;
        };
    }
}
