package dev.poolscope.live;

import java.util.List;

/**
 * One pool at one instant, as read from the probe (or from HikariCP's own MBeans when the probe
 * is absent, in which case {@code connections} is empty and {@code unreadable} says why).
 *
 * @param pending      threads waiting for a connection
 * @param instrumented true when the probe observes borrows (borrower thread and in-use time known)
 * @param unreadable   what could not be read, in words a user can act on
 * @param sources      where each section comes from ("counts", "config", "borrow", "connections"), by MBean name
 * @param absentReasons why a figure is null or unknown, keyed by its JSON path (e.g. "config.keepaliveTimeMillis")
 * @param libraryConfig the library's own settings under its own names (DBCP2 testOnBorrow, ...),
 *                      in the probe's order; empty when not read
 */
public record PoolSnapshot(
        String name,
        String kind,
        String version,
        int active,
        int idle,
        int total,
        int pending,
        PoolConfig config,
        BorrowStats borrow,
        List<ConnectionRow> connections,
        boolean instrumented,
        List<String> unreadable,
        java.util.Map<String, String> sources,
        java.util.Map<String, String> absentReasons,
        java.util.Map<String, String> libraryConfig) {

    public PoolSnapshot {
        connections = List.copyOf(connections);
        unreadable = List.copyOf(unreadable);
        // Insertion order is kept for the text and JSON.
        sources = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sources));
        absentReasons = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(absentReasons));
        libraryConfig = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(libraryConfig));
    }

    /** This snapshot with other rows for the same connections. */
    public PoolSnapshot withConnections(List<ConnectionRow> rows) {
        return new PoolSnapshot(name, kind, version, active, idle, total, pending, config, borrow, rows, instrumented,
                unreadable, sources, absentReasons, libraryConfig);
    }

    /** Without provenance and the library's own settings (tests, simple readers). */
    public PoolSnapshot(String name, String kind, String version, int active, int idle, int total, int pending,
                        PoolConfig config, BorrowStats borrow, List<ConnectionRow> connections, boolean instrumented,
                        List<String> unreadable) {
        this(name, kind, version, active, idle, total, pending, config, borrow, connections, instrumented, unreadable,
                java.util.Map.of(), java.util.Map.of(), java.util.Map.of());
    }
}
