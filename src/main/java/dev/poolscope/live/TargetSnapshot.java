package dev.poolscope.live;

import java.time.Instant;
import java.util.List;

/** Everything read from one target in one poll; immutable, safe to hand to the FX thread. */
public record TargetSnapshot(
        Instant capturedAt,
        TargetInfo target,
        List<PoolSnapshot> pools,
        List<ThreadSample> threads) {

    public TargetSnapshot {
        pools = List.copyOf(pools);
        threads = List.copyOf(threads);
    }
}
