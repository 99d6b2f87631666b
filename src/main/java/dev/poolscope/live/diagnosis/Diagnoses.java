package dev.poolscope.live.diagnosis;

import dev.poolscope.live.ConnectionRow;
import dev.poolscope.live.PoolSnapshot;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The diagnosis of every connection of a snapshot, looked up by pool and connection id. */
public final class Diagnoses {

    public static final Diagnoses NONE = new Diagnoses(Map.of());

    private final Map<String, Diagnosis> byKey;

    private Diagnoses(Map<String, Diagnosis> byKey) {
        this.byKey = byKey;
    }

    public static Diagnoses of(List<PoolSnapshot> pools, ServerTruth server, long nowEpochMillis) {
        Map<String, Diagnosis> m = new HashMap<>();
        for (PoolSnapshot p : pools) {
            for (ConnectionRow c : p.connections()) {
                m.put(key(p.name(), c.id()), Diagnoser.diagnose(c, server.of(c), nowEpochMillis));
            }
        }
        return new Diagnoses(m);
    }

    /** The diagnosis, or null when the connection is not known (no pool or connection id). */
    public Diagnosis of(String pool, String connectionId) {
        return pool == null || connectionId == null ? null : byKey.get(key(pool, connectionId));
    }

    private static String key(String pool, String connectionId) {
        return pool + '\u0000' + connectionId;
    }
}
