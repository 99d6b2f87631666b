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

    /**
     * @param kernelTcp join each connection with the kernel's socket table (/proc/self/net/tcp6),
     *     a parse of every socket in the network namespace: thousands of lines on a busy host, so
     *     the exporter's flat figures, which use none of it, skip it.
     */
    PoolReader.Read read(Object pool, PoolTracker tracker, BorrowRecorder recorder, HolderStates holderStates,
                         long stackThresholdMillis, boolean kernelTcp);

    /** Values in {@link ProbeTypes#CONFIG_ITEMS} order; -1 / "" where the library has no such setting. */
    Object[] config(Object pool);

    int maximumPoolSize(Object pool);

    int minimumIdle(Object pool);

    /** The library's own settings, {@code name=value}, in its own words. */
    String[] libraryConfig(Object pool);
}
