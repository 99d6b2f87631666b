package dev.poolscope.probe.pools;

import java.util.List;

/**
 * What the probe needs to know about one pool library: where its borrow and return paths are (so
 * the probe can observe holders and waits; the first borrow after loading also reveals the pool),
 * and how to read one of its pools. One small implementation per library; HikariCP has its own
 * reader in {@code dev.poolscope.probe.PoolReader} (older, with more detail).
 */
public interface PoolAdapter {

    /** Exactly one of the kinds: DBCP2, TomcatJDBC, Agroal, ... */
    String kind();

    /** Maven coordinates "groupId/artifactId", for reading the library's version from its jar. */
    String artifact();

    /** Where to hook; the pool object passed to the borrow hooks is the one {@link #open} reads. */
    List<HookPoint> hookPoints();

    /** Whether {@code pool}, as passed to a borrow hook, belongs to this library. Plain class-name tests. */
    boolean accepts(Object pool);

    /** A reader for one pool; cheap (handles are cached per class in the adapter). */
    PoolView open(Object pool);
}
