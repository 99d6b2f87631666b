package dev.poolscope.probe.boot;

/**
 * What instrumented HikariCP code reports to the probe. Lives on the bootstrap class path (with
 * {@link ProbeHooks}) so that pool classes in any class loader or module can reach it; the probe's
 * implementation is loaded by the system class loader. Parameters are {@code Object} because the
 * bootstrap loader cannot see HikariCP's types.
 *
 * <p>Implementations run on the pool's own threads: they must not block, take locks the pool uses,
 * or allocate much. They may throw; {@link ProbeHooks} swallows everything.
 */
public interface ProbeListener {

    /** Entry of {@code HikariPool.getConnection(long)}, in the borrowing thread. */
    void borrowStarted(Object pool);

    /** Normal return of {@code HikariPool.getConnection(long)}, in the borrowing thread. */
    void borrowEnded(Object pool, Object connection);

    /** {@code HikariPool.getConnection(long)} is about to throw {@code failure}. */
    void borrowFailed(Object pool, Throwable failure);

    /** Entry of {@code PoolEntry.createProxyConnection}: the borrowing thread now holds {@code poolEntry}. */
    void leased(Object poolEntry);

    /**
     * Entry of {@code HikariPool.recycle(PoolEntry)} (the connection goes back to the pool) or of
     * {@code HikariPool.closeConnection(PoolEntry, String)} (it leaves the pool: broken, evicted,
     * retired or shut down). May come twice for one lease; the second finds nothing to release.
     */
    void released(Object pool, Object poolEntry);

    /** End of the {@code PoolEntry} constructor: a physical connection was just opened. */
    void created(Object poolEntry);
}
