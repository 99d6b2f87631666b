package dev.poolscope.probe;

import java.util.List;

/**
 * One pool as the {@link PoolProbe} MBean reads it, whatever its library: HikariCP through
 * {@link PoolReader}, the others through {@link AdapterReader} and their
 * {@link dev.poolscope.probe.pools.PoolAdapter}. Called on JMX and scanner threads only.
 */
interface PoolSource {

    /** HikariCP, DBCP2, TomcatJDBC, Agroal, ... (the contract's {@code kind}). */
    String kind();

    String poolName();

    String version();

    /** What could not be read, in words; stable order. */
    List<String> unreadable();

    boolean isShutDown(Object pool);

    PoolReader.Read read(Object pool, PoolTracker tracker, BorrowRecorder recorder, HolderStates holderStates,
                         long stackThresholdMillis);

    /** Values in {@link ProbeTypes#CONFIG_ITEMS} order; -1 / "" where the library has no such setting. */
    Object[] config(Object pool);

    int maximumPoolSize(Object pool);

    int minimumIdle(Object pool);

    /** The library's own settings, {@code name=value}, in its own words. */
    String[] libraryConfig(Object pool);
}
