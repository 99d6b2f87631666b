package dev.poolscope.probe.pools;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Oracle Universal Connection Pool ({@code com.oracle.database.jdbc:ucp11} 23.x), also over
 * non-Oracle drivers. The pool the probe keys on is UCP's {@code UniversalConnectionPoolBase}
 * subclass behind a {@code PoolDataSource} (created at its first getConnection or startPool); the
 * entries are its {@code UniversalPooledConnectionImpl}s, which {@code borrowConnection} returns and
 * {@code returnConnection} / {@code closeConnection} get back.
 *
 * <p>Counts are UCP's own atomic counters (total, borrowed; pending requests a LongAdder). The
 * connections are the elements of its {@code Core}'s wait-free pool, which in 23.x is a
 * {@code CopyOnWriteArrayListPool}: its list is snapshotted with {@code toArray()} (lock-free; no
 * iterator, so no reservation of an element and nothing a borrow could wait for). Each element's
 * connection has its available flag and UCP's own times (epoch millis from UCP's {@code Clock},
 * updated by its clock thread every 60 ms, so ages are ±60 ms). Settings are UCP's pool
 * properties, read through the pool's getters (a property map, no pool lock).
 */
final class UcpAdapter implements PoolAdapter {

    static final String KIND = "UCP";
    private static final String BASE = "oracle/ucp/common/UniversalConnectionPoolBase";
    private static final String IMPL = "oracle/ucp/common/UniversalConnectionPoolImpl";
    private static final String UPC = "Loracle/ucp/UniversalPooledConnection;";
    private static final String BORROW = "(Loracle/ucp/ConnectionRetrievalInfo;)" + UPC;

    private final Reflect reflect;

    UcpAdapter(Reflect reflect) {
        this.reflect = reflect;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String artifact() {
        return "com.oracle.database.jdbc/ucp11";
    }

    @Override
    public List<HookPoint> hookPoints() {
        return Arrays.asList(
                // JDBCConnectionPool.borrowConnection calls this one (super): the whole borrow, waits
                // and validation included; it returns the pooled connection in the borrowing thread.
                HookPoint.borrow(IMPL, "borrowConnection", BORROW),
                HookPoint.leaseResult(IMPL, "borrowConnection", BORROW),
                HookPoint.release(IMPL, "returnConnection", "(" + UPC + ")V", 1),
                HookPoint.release(IMPL, "closeConnection", "(" + UPC + ")V", 1),
                // The replace-bad-connections timer is started for every pool and runs every
                // timeoutCheckInterval (30 s by default): reveals a pool nobody borrows from. It is a
                // lambda of the pool ("this" is the pool); the prefix survives javac's renumbering.
                HookPoint.seen(BASE, "lambda$initReplaceBadConnectionsTimer$", "()V"));
    }

    @Override
    public boolean accepts(Object pool) {
        if (pool == null) {
            return false;
        }
        for (Class<?> c = pool.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals("oracle.ucp.common.UniversalConnectionPoolBase")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public PoolView open(Object pool) {
        return new View(pool);
    }

    /** The view's name: the library's own, else one made from the pool's URL. */
    private String nameOf(Object pool) {
        Object n = reflect.call(pool, "getName");
        return n != null && !n.toString().isEmpty() ? n.toString() : PoolView.nameFromUrl(KIND, url(pool));
    }

    private String url(Object p) {
        Object factory = reflect.call(p, "getConnectionFactoryAdapter");
        return PoolView.stringOf(reflect.call(factory, "getUrl"));
    }

    private final class View extends WeakPoolView {

        View(Object pool) {
            super(pool, nameOf(pool));
        }

        @Override
        public boolean isShutDown() {
            Object p = pool();
            return p == null || Boolean.TRUE.equals(reflect.call(p, "isLifecycleStopped"))
                    || Boolean.TRUE.equals(reflect.call(p, "isLifecycleFailed"));
        }

        @Override
        public Counts read() {
            Counts c = new Counts();
            Object p = pool();
            Object pending = reflect.get(p, "pendingRequestsCount");
            c.pending = pending instanceof Number ? ((Number) pending).intValue() : -1;
            if (c.pending < 0) {
                cannotRead("waiting: no readable UniversalConnectionPoolBase.pendingRequestsCount in this UCP version");
            }
            Object[] elements = elements(p);
            if (elements == null) {
                // the counters alone: exact, but no rows
                int total = intOf(reflect.call(p, "getTotalConnectionsCount"));
                int borrowed = intOf(reflect.call(p, "getBorrowedConnectionsCount"));
                c.total = Math.max(0, total);
                c.active = Math.max(0, borrowed);
                c.idle = Math.max(0, total - borrowed);
                c.borrowedListed = false;
                return c;
            }
            for (Object element : elements) {
                Object core = reflect.get(element, "data");
                Object upc = core == null ? null : reflect.get(core, "upc");
                if (upc == null) {
                    continue; // a free slot of the wait-free pool
                }
                Entry e = new Entry();
                e.key = upc;
                e.connection = reflect.get(upc, "m_connection");
                boolean closed = Boolean.TRUE.equals(reflect.call(core, "closed"));
                Object available = reflect.get(upc, "available");
                boolean isAvailable = available instanceof java.util.concurrent.atomic.AtomicBoolean
                        && ((java.util.concurrent.atomic.AtomicBoolean) available).get();
                Object reserved = reflect.get(element, "reserved");
                boolean isReserved = reserved instanceof java.util.concurrent.atomic.AtomicReference
                        && ((java.util.concurrent.atomic.AtomicReference<?>) reserved).get() != null;
                // a final long in 23.26; an AtomicLong named m_connectionReuseTimestamp in 23.6 (a Number either way)
                Object reuseStamp = reflect.get(upc, "connectionReuseTimestamp");
                long created = longOf(reuseStamp != null ? reuseStamp : reflect.get(upc, "m_connectionReuseTimestamp"));
                e.createdEpochMillis = created > 0 ? created : -1;
                if (closed) {
                    e.state = "removed";
                } else if (isAvailable) {
                    // reserved: a borrow or a housekeeping check has it at this instant
                    e.state = isReserved ? "reserved" : "idle";
                    long since = longOf(reflect.get(upc, "availableStartTime"));
                    e.idleSinceEpochMillis = since > 0 ? since : -1;
                } else {
                    e.state = "in_use";
                    long since = longOf(reflect.get(upc, "borrowedStartTime"));
                    e.borrowedEpochMillis = since > 0 ? since : -1;
                }
                Dbcp2Adapter.count(c, e);
            }
            return c;
        }

        /** The wait-free pool's elements, snapshotted; null (said in words) when not readable. */
        private Object[] elements(Object p) {
            Object core = reflect.get(p, "core");
            Object waitFree = reflect.get(core, "waitFreePool");
            Object list = reflect.get(waitFree, "pool");
            if (list instanceof List) {
                try {
                    return ((List<?>) list).toArray(); // CopyOnWriteArrayList: a lock-free snapshot
                } catch (RuntimeException e) {
                    // fall through
                }
            }
            cannotRead("connection rows: UCP's wait-free pool is "
                    + (waitFree == null ? "not readable" : waitFree.getClass().getName())
                    + " in this UCP version, not a CopyOnWriteArrayListPool; counts come from UCP's counters");
            return null;
        }

        @Override
        public Common common() {
            Object p = pool();
            Common c = new Common();
            c.maximumPoolSize = intOf(reflect.call(p, "getMaxPoolSize"));
            c.minimumIdle = intOf(reflect.call(p, "getMinPoolSize"));
            c.idleTimeoutMillis = seconds(reflect.call(p, "getInactiveConnectionTimeout"));
            long reuse = longOf(reflect.call(p, "getMaxConnectionReuseTime"));
            c.maxLifetimeMillis = reuse >= 0 ? reuse * 1000L : -1; // 0 = no limit, as HikariCP's 0
            int validation = intOf(reflect.call(p, "getConnectionValidationTimeout"));
            c.validationTimeoutMillis = validation > 0 ? validation * 1000L : -1;
            Object wait = reflect.call(p, "getConnectionWaitDurationInMillis");
            c.connectionTimeoutMillis = wait instanceof Number ? ((Number) wait).longValue() : -1;
            c.leakDetectionThresholdMillis = seconds(reflect.call(p, "getAbandonedConnectionTimeout"));
            if (Boolean.TRUE.equals(reflect.call(p, "getValidateConnectionOnBorrow"))) {
                c.connectionTestQuery = stringOf(reflect.call(p, "getSQLForValidateConnection"));
            }
            c.jdbcUrl = url(p);
            Object factory = reflect.call(p, "getConnectionFactoryAdapter");
            Object driver = reflect.call(factory, "getDriver"); // DriverConnectionFactoryAdapter only
            c.dataSourceClassName = driver == null ? "" : driver.getClass().getName();
            return c;
        }

        private long seconds(Object v) {
            int s = intOf(v);
            return s >= 0 ? s * 1000L : -1;
        }

        @Override
        public Map<String, String> libraryConfig() {
            Object p = pool();
            Map<String, String> m = ordered();
            String[][] getters = {
                {"initialPoolSize", "getInitialPoolSize"}, {"minPoolSize", "getMinPoolSize"},
                {"maxPoolSize", "getMaxPoolSize"}, {"minIdle", "getMinIdle"},
                {"connectionWaitDuration", "getConnectionWaitDuration"},
                {"connectionWaitTimeout", "getConnectionWaitTimeout"},
                {"validateConnectionOnBorrow", "getValidateConnectionOnBorrow"},
                {"SQLForValidateConnection", "getSQLForValidateConnection"},
                {"connectionValidationTimeout", "getConnectionValidationTimeout"},
                {"secondsToTrustIdleConnection", "getSecondsToTrustIdleConnection"},
                {"inactiveConnectionTimeout", "getInactiveConnectionTimeout"},
                {"abandonedConnectionTimeout", "getAbandonedConnectionTimeout"},
                {"timeToLiveConnectionTimeout", "getTimeToLiveConnectionTimeout"},
                {"maxConnectionReuseTime", "getMaxConnectionReuseTime"},
                {"maxConnectionReuseCount", "getMaxConnectionReuseCount"},
                {"timeoutCheckInterval", "getTimeoutCheckInterval"},
                {"backgroundValidationInterval", "getBackgroundValidationInterval"},
                {"queryTimeout", "getQueryTimeout"}, {"maxStatements", "getMaxStatements"}};
            for (String[] g : getters) {
                m.put(g[0], reflect.describe(p, g[1]));
            }
            return m;
        }
    }
}
