package dev.poolscope.doctor.path;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the path starts forgetting idle flows, narrowed round by round; pure logic, no I/O or clock.
 *
 * <p>Round 1 checks {@code firstRoundProbes} connections at idle times spread evenly up to max.
 * Each later round puts {@code refineProbes} connections inside the interval (longest answered,
 * shortest dropped], which shrinks it by refineProbes + 1 per round. A round lasts as long as its
 * longest idle time, so a round is planned only if it still ends within max of the start: the
 * whole search then ends by max plus the check deadline and connection set-up (the margin). When
 * the boundary is close to max there is no time left to refine, and the answer is round 1's grid.
 *
 * <p>Assumes one fixed idle timeout (monotonic: a flow idle longer than one that was dropped is
 * dropped too). Probes that contradict it are kept and flagged by {@link #consistent()}.
 */
public final class BoundarySearch {

    /** Below this the check's own timing (scheduling, a round trip) is larger than what is left to learn. */
    static final long FINEST_RESOLUTION_MILLIS = 100;

    private final long maxMillis;
    private final int firstRoundProbes;
    private final int refineProbes;
    private final List<IdleProbe> probes = new ArrayList<>();
    private int rounds;

    public BoundarySearch(long maxMillis, int firstRoundProbes, int refineProbes) {
        if (maxMillis <= 0 || firstRoundProbes < 1 || refineProbes < 1) {
            throw new IllegalArgumentException("max, first-round and refine probe counts must be positive");
        }
        this.maxMillis = maxMillis;
        this.firstRoundProbes = firstRoundProbes;
        this.refineProbes = refineProbes;
    }

    /**
     * The idle times to try next, shortest first; empty when the search is done.
     *
     * @param elapsedMillis time since the search started, to decide whether another round fits in max
     */
    public List<Long> nextRound(long elapsedMillis) {
        List<Long> plan = new ArrayList<>();
        if (rounds == 0) {
            for (int i = 1; i <= firstRoundProbes; i++) {
                plan.add(maxMillis * i / firstRoundProbes);
            }
        } else {
            Long high = highMillis();
            long low = lowMillisOrZero();
            if (high == null || high - low <= FINEST_RESOLUTION_MILLIS || elapsedMillis + high > maxMillis) {
                return List.of();
            }
            for (int i = 1; i <= refineProbes; i++) {
                long idle = low + (high - low) * i / (refineProbes + 1);
                if (idle > low && idle < high && (plan.isEmpty() || idle > plan.get(plan.size() - 1))) {
                    plan.add(idle);
                }
            }
            if (plan.isEmpty()) {
                return List.of();
            }
        }
        rounds++;
        return List.copyOf(plan);
    }

    /** The number of the round last planned (1 for the first). */
    public int round() {
        return rounds;
    }

    public void record(IdleProbe probe) {
        probes.add(probe);
    }

    /**
     * True if a check planned for this idle time can be skipped: a shorter idle was already
     * dropped, so under one fixed timeout this one is dropped too.
     */
    public boolean alreadyKnownDropped(long plannedIdleMillis) {
        Long high = highMillis();
        return high != null && plannedIdleMillis >= high;
    }

    /** Shortest idle time that was dropped; null if every check was answered. */
    public Long highMillis() {
        Long high = null;
        for (IdleProbe p : probes) {
            if (p.outcome().dropped() && (high == null || p.idleMillis() < high)) {
                high = p.idleMillis();
            }
        }
        return high;
    }

    /** Longest answered idle time below {@link #highMillis()} (or overall if nothing dropped); null if none was answered. */
    public Long lowMillis() {
        Long high = highMillis();
        Long low = null;
        for (IdleProbe p : probes) {
            if (!p.outcome().dropped() && (high == null || p.idleMillis() < high)
                    && (low == null || p.idleMillis() > low)) {
                low = p.idleMillis();
            }
        }
        return low;
    }

    private long lowMillisOrZero() {
        Long low = lowMillis();
        return low == null ? 0 : low;
    }

    /** False if some flow idle longer than a dropped one was still answered (no single fixed timeout). */
    public boolean consistent() {
        Long high = highMillis();
        if (high == null) {
            return true;
        }
        for (IdleProbe p : probes) {
            if (!p.outcome().dropped() && p.idleMillis() > high) {
                return false;
            }
        }
        return true;
    }

    public List<IdleProbe> probes() {
        return List.copyOf(probes);
    }

    public long maxMillis() {
        return maxMillis;
    }
}
