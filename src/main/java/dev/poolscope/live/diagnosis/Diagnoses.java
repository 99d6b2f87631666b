package dev.poolscope.live.diagnosis;

import dev.poolscope.live.ConnectionRow;
import dev.poolscope.live.PoolSnapshot;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The diagnosis of every connection of a snapshot, looked up by pool and connection id. */
public final class Diagnoses {

    public static final Diagnoses NONE = new Diagnoses(Map.of(), null, Map.of());

    private final Map<String, Diagnosis> byKey;
    private final Long longestInUseAtMostMillis;
    private final Map<String, String> kindByPool;

    private Diagnoses(Map<String, Diagnosis> byKey, Long longestInUseAtMostMillis, Map<String, String> kindByPool) {
        this.byKey = byKey;
        this.longestInUseAtMostMillis = longestInUseAtMostMillis;
        this.kindByPool = kindByPool;
    }

    public static Diagnoses of(List<PoolSnapshot> pools, ServerTruth server, long nowEpochMillis) {
        Map<String, Diagnosis> m = new HashMap<>();
        Map<String, String> kinds = new HashMap<>();
        Long longest = pools.isEmpty() ? null : 0L;
        for (PoolSnapshot p : pools) {
            if (p.kind() != null) {
                kinds.put(p.name(), p.kind());
            }
            if (p.connections().isEmpty() && p.active() > 0) {
                longest = null; // in-use connections without a per-connection view: nothing bounds them
            }
            for (ConnectionRow c : p.connections()) {
                m.put(key(p.name(), c.id()), Diagnoser.diagnose(c, server.of(c), nowEpochMillis));
                if (c.state() == dev.poolscope.live.ConnectionState.IN_USE && longest != null) {
                    Long atMost = c.inUseMillis() != null ? c.inUseMillis() : c.inUseAtMostMillis();
                    longest = atMost == null ? null : Math.max(longest, atMost);
                }
            }
        }
        return new Diagnoses(m, longest, kinds);
    }

    /**
     * The longest any in-use pool connection can have been held: the exact in-use time, or the bound
     * from the pool's own last-use time for a borrow older than the probe; 0 when none is in use;
     * null when some in-use connection has no such bound (or no pool was read). A thread cannot wait
     * on a pool connection's socket for longer than its connection has been borrowed.
     */
    public Long longestInUseAtMostMillis() {
        return longestInUseAtMostMillis;
    }

    /** The pool's library ({@link PoolSnapshot#kind()}), or null when the pool is not known. */
    public String kindOf(String pool) {
        return pool == null ? null : kindByPool.get(pool);
    }

    /** The diagnosis, or null when the connection is not known (no pool or connection id). */
    public Diagnosis of(String pool, String connectionId) {
        return pool == null || connectionId == null ? null : byKey.get(key(pool, connectionId));
    }

    private static String key(String pool, String connectionId) {
        return pool + '\u0000' + connectionId;
    }
}
