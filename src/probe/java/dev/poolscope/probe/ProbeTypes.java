package dev.poolscope.probe;

import javax.management.openmbean.ArrayType;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;

/**
 * The open types of docs/probe-mxbean.md. Names here are the contract with the app; add items,
 * never rename.
 */
final class ProbeTypes {

    static final CompositeType CONFIG;
    static final CompositeType CONNECTION;
    static final CompositeType WAITER;
    static final CompositeType WINDOW;
    static final CompositeType BORROW;
    static final CompositeType SNAPSHOT;
    static final ArrayType<String[]> STRINGS;

    static final String[] CONFIG_ITEMS = {
        "maximumPoolSize", "minimumIdle", "idleTimeoutMillis", "maxLifetimeMillis", "keepaliveTimeMillis",
        "validationTimeoutMillis", "connectionTimeoutMillis", "leakDetectionThresholdMillis",
        "aliveBypassWindowMillis", "connectionTestQuery", "jdbcUrl", "dataSourceClassName"};
    static final String[] CONNECTION_ITEMS = {
        "id", "state", "createdEpochMillis", "ageMillis", "ageExact", "lastAccessedEpochMillis", "idleMillis",
        "borrowedAtEpochMillis", "inUseMillis", "borrowerThreadId", "borrowerThreadName", "borrowStack",
        "borrowerThreadState", "borrowerTopFrame", "borrowerStateSinceEpochMillis", "runningStatement",
        // Kernel and driver truth (issue 11): -1 / "" when not known, the reason in tcpUnavailableReason.
        "backendPid", "localPort", "remoteAddress", "remotePort", "tcpState", "tcpSendQueueBytes",
        "tcpRecvQueueBytes", "tcpTimer", "tcpTimerMillis", "tcpRetransmits", "tcpProbes", "tcpUnavailableReason",
        // Bounds of a borrow older than the probe (-1: not applicable), and what idleMillis counts from.
        "inUseAtLeastMillis", "inUseAtMostMillis", "idleSince",
        // Where the holder borrowed (the stack at the borrow, when captured), else why not (issue 14).
        "borrowSite", "borrowSiteSource", "borrowSiteUnknownReason",
        // Who named borrowerThread: "borrow" or "driver_lock" (issue 11).
        "holderSource"};
    static final String[] WAITER_ITEMS = {"threadId", "threadName", "waitingSinceEpochMillis", "waitingMillis"};
    static final String[] WINDOW_ITEMS = {"count", "p50Millis", "p95Millis", "p99Millis", "maxMillis", "spanMillis",
        "timeouts"};
    static final String[] BORROW_ITEMS = {
        "count", "timeouts", "p50Millis", "p95Millis", "p99Millis", "maxMillis", "waiting",
        "failures", "measuredSinceEpochMillis", "lastMinute", "waiters"};
    static final String[] SNAPSHOT_ITEMS = {
        "capturedAtEpochMillis", "active", "idle", "total", "pending", "config", "connections", "borrow"};

    static {
        try {
            STRINGS = ArrayType.getArrayType(SimpleType.STRING);
            CONFIG = new CompositeType("dev.poolscope.PoolConfig", "pool configuration", CONFIG_ITEMS, CONFIG_ITEMS,
                    new OpenType<?>[] {SimpleType.INTEGER, SimpleType.INTEGER, SimpleType.LONG, SimpleType.LONG,
                        SimpleType.LONG, SimpleType.LONG, SimpleType.LONG, SimpleType.LONG, SimpleType.LONG,
                        SimpleType.STRING, SimpleType.STRING, SimpleType.STRING});
            CONNECTION = new CompositeType("dev.poolscope.PoolConnection", "one pooled connection", CONNECTION_ITEMS,
                    CONNECTION_ITEMS,
                    new OpenType<?>[] {SimpleType.STRING, SimpleType.STRING, SimpleType.LONG, SimpleType.LONG,
                        SimpleType.BOOLEAN, SimpleType.LONG, SimpleType.LONG, SimpleType.LONG, SimpleType.LONG,
                        SimpleType.LONG, SimpleType.STRING, STRINGS, SimpleType.STRING, SimpleType.STRING,
                        SimpleType.LONG, SimpleType.STRING,
                        SimpleType.INTEGER, SimpleType.INTEGER, SimpleType.STRING, SimpleType.INTEGER,
                        SimpleType.STRING, SimpleType.LONG, SimpleType.LONG, SimpleType.STRING, SimpleType.LONG,
                        SimpleType.INTEGER, SimpleType.INTEGER, SimpleType.STRING,
                        SimpleType.LONG, SimpleType.LONG, SimpleType.STRING,
                        STRINGS, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING});
            WAITER = new CompositeType("dev.poolscope.BorrowWaiter", "a thread inside getConnection", WAITER_ITEMS,
                    WAITER_ITEMS, new OpenType<?>[] {SimpleType.LONG, SimpleType.STRING, SimpleType.LONG, SimpleType.LONG});
            WINDOW = new CompositeType("dev.poolscope.BorrowWindow", "borrow waits of the last minute", WINDOW_ITEMS,
                    WINDOW_ITEMS, new OpenType<?>[] {SimpleType.LONG, SimpleType.DOUBLE, SimpleType.DOUBLE,
                        SimpleType.DOUBLE, SimpleType.DOUBLE, SimpleType.LONG, SimpleType.LONG});
            BORROW = new CompositeType("dev.poolscope.BorrowStats", "getConnection waits", BORROW_ITEMS, BORROW_ITEMS,
                    new OpenType<?>[] {SimpleType.LONG, SimpleType.LONG, SimpleType.DOUBLE, SimpleType.DOUBLE,
                        SimpleType.DOUBLE, SimpleType.DOUBLE, SimpleType.INTEGER, SimpleType.LONG, SimpleType.LONG,
                        WINDOW, ArrayType.getArrayType(WAITER)});
            SNAPSHOT = new CompositeType("dev.poolscope.PoolSnapshot", "a pool at one instant", SNAPSHOT_ITEMS,
                    SNAPSHOT_ITEMS,
                    new OpenType<?>[] {SimpleType.LONG, SimpleType.INTEGER, SimpleType.INTEGER, SimpleType.INTEGER,
                        SimpleType.INTEGER, CONFIG, ArrayType.getArrayType(CONNECTION), BORROW});
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ProbeTypes() {
    }
}
