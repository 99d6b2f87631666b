package dev.poolscope.probe.boot;

/**
 * What instrumented HikariCP code reports to the probe. Loaded with {@link ProbeHooks} by the system
 * class loader, so pool classes in any loader that delegates to it can reach it. Parameters are
 * {@code Object} because the system loader cannot see HikariCP's types when HikariCP lives in a child
 * loader (a web app, a Spring Boot nested jar).
 *
 * <p>Implementations run on the pool's own threads: they must not block, take locks the pool uses,
 * or allocate much. They may throw; {@link ProbeHooks} swallows everything.
 */
public interface ProbeListener {

    /** Entry of {@code HikariPool.getConnection(long)}, in the borrowing thread. */
    void borrowStarted(Object pool);

    /** Normal return of {@code HikariPool.getConnection(long)}, in the borrowing thread. */
    void borrowEnded(Object pool, Object connection);

    /**
     * {@link #borrowStarted}, placed just after getConnection stored its {@code startTime}, with that
     * value ({@code ClockSource.currentTime()}: {@code System.nanoTime()}, or {@code
     * currentTimeMillis()} where os.name is "Mac OS X").
     */
    default void borrowStartedAt(Object pool, long clock) {
        borrowStarted(pool);
    }

    /**
     * {@link #borrowEnded} with getConnection's {@code now} (its clock read once the bag handed out
     * the entry, before the alive check) and the pool's {@code aliveBypassWindowMs}: HikariCP
     * validated the connection after {@code now} only if the entry had been idle longer than that.
     */
    default void borrowEndedAt(Object pool, Object connection, long clock, long aliveBypassWindowMs) {
        borrowEnded(pool, connection);
    }

    /** {@link #leased} with the entry's {@code lastAccessed} at the lease (HikariCP's clock). */
    default void leasedAt(Object poolEntry, long lastAccessed) {
        leased(poolEntry);
    }

    /** {@code HikariPool.getConnection(long)} is about to throw {@code failure}. */
    void borrowFailed(Object pool, Throwable failure);

    /** Entry of {@code PoolEntry.createProxyConnection}: the borrowing thread now holds {@code poolEntry}. */
    void leased(Object poolEntry);

    /**
     * {@code HikariPool.recycle(PoolEntry)} about to run (the connection goes back to the pool; 3.x/4.x) or entry of
     * {@code HikariPool.closeConnection(PoolEntry, String)} (it leaves the pool: broken, evicted,
     * retired or shut down). May come twice for one lease; the second finds nothing to release.
     */
    void released(Object pool, Object poolEntry);

    /**
     * {@link #released} for a connection going back to the pool in HikariCP 5.x+ ({@code
     * PoolEntry.recycle()}), with the {@code ClockSource.currentTime()} value HikariCP has just read
     * for it: {@code System.nanoTime()}, or {@code currentTimeMillis()} where os.name is "Mac OS X".
     */
    void returned(Object pool, Object poolEntry, long clock);

    /** End of the {@code PoolEntry} constructor: a physical connection was just opened. */
    void created(Object poolEntry);

    /**
     * A pool's own housekeeping task (an evictor, cleaner or validation timer) is running on
     * {@code pool}, in that task's thread: reveals a pool nobody borrows from. {@code pool} may be a
     * {@link java.lang.ref.Reference} to the pool (Tomcat's cleaner holds its pool weakly).
     */
    void poolSeen(Object pool);
}
