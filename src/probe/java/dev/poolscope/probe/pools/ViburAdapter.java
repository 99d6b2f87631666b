package dev.poolscope.probe.pools;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Vibur DBCP (org.vibur:vibur-dbcp 25 and 26, on vibur-object-pool). The pool the probe keys on is
 * vibur-object-pool's {@code ConcurrentPool} of {@code ConnHolder}s behind a
 * {@code ViburDBCPDataSource}; its factory ({@code ConnectionFactory}) holds the data source's
 * config ({@code ViburConfig}), read under Vibur's own setting names.
 *
 * <p>All lock-free: idle connections are the {@code ConcurrentLinkedDeque} of {@code available};
 * borrowed ones are listed by Vibur only with {@code poolEnableConnectionTracking=true} (its
 * listener's concurrent set), otherwise only their number is known ({@code taken()}) and the rows
 * are missing, said in words. Vibur keeps per connection the nanoTime of its last return (idle
 * since) and, with tracking, of its take; no creation time (known only for connections the probe
 * saw created).
 */
final class ViburAdapter implements PoolAdapter {

    static final String KIND = "Vibur";
    private static final String OPERATIONS = "org/vibur/dbcp/pool/PoolOperations";
    private static final String HOLDER = "Lorg/vibur/dbcp/pool/ConnHolder;";
    private static final String SERVICE = "Lorg/vibur/objectpool/PoolService;";

    private final Reflect reflect;

    ViburAdapter(Reflect reflect) {
        this.reflect = reflect;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String artifact() {
        return "org.vibur/vibur-dbcp";
    }

    @Override
    public List<HookPoint> hookPoints() {
        return Arrays.asList(
                HookPoint.borrowOf(OPERATIONS, "getProxyConnection", "(J)Ljava/sql/Connection;", "poolService", SERVICE),
                // getConnHolder(long) returns the taken holder, in the borrowing thread
                HookPoint.leaseResult(OPERATIONS, "getConnHolder", "(J)" + HOLDER),
                HookPoint.releaseOf(OPERATIONS, "restore", "(" + HOLDER + "Z[Ljava/sql/SQLException;)V", 1,
                        "poolService", SERVICE),
                HookPoint.createdResult("org/vibur/dbcp/pool/ConnectionFactory", "postCreate",
                        "(Ljava/sql/Connection;Ljava/sql/SQLException;J)" + HOLDER),
                // The pool reducer thread samples the pool every reducerTimeIntervalInSeconds /
                // reducerSamples (3 s by default): reveals a pool nobody borrows from.
                HookPoint.seenOf("org/vibur/objectpool/util/SamplingPoolReducer", "samplePool", "()V", "pool",
                        "Lorg/vibur/objectpool/BasePool;"));
    }

    @Override
    public boolean accepts(Object pool) {
        if (pool == null || !pool.getClass().getName().startsWith("org.vibur.objectpool.")) {
            return false;
        }
        Object factory = reflect.get(pool, "poolObjectFactory");
        return factory != null && factory.getClass().getName().startsWith("org.vibur.dbcp.");
    }

    @Override
    public PoolView open(Object pool) {
        return new View(pool);
    }

    /** The view's name: the library's own, else one made from the pool's URL. */
    private String nameOf(Object pool) {
        Object n = reflect.call(config(pool), "getName");
        return n != null ? n.toString() : PoolView.nameFromUrl(KIND, PoolView.stringOf(reflect.call(config(pool), "getJdbcUrl")));
    }

    private Object config(Object p) {
        return reflect.get(reflect.get(p, "poolObjectFactory"), "config");
    }

    private final class View extends WeakPoolView {

        View(Object pool) {
            super(pool, nameOf(pool));
        }

        @Override
        public Class<?> libraryClass() {
            Object f = reflect.get(pool(), "poolObjectFactory");
            return f == null ? null : f.getClass(); // the pool itself is vibur-object-pool's
        }

        @Override
        public boolean isShutDown() {
            Object p = pool();
            return p == null || Boolean.TRUE.equals(reflect.call(p, "isTerminated"));
        }

        @Override
        public Counts read() {
            Counts c = new Counts();
            Object p = pool();
            cannotRead("waiting threads: counted from the borrows the probe observed (Vibur waits on a"
                    + " Semaphore and keeps no count of its own)");
            cannotRead("connection ages: Vibur keeps no creation time; known only for connections opened"
                    + " after the probe loaded");
            long nowMillis = System.currentTimeMillis();
            long nowNanos = System.nanoTime();
            Object available = reflect.get(reflect.get(p, "available"), "deque");
            if (available instanceof Iterable) {
                for (Iterator<?> it = ((Iterable<?>) available).iterator(); it.hasNext(); ) {
                    Object holder = it.next();
                    Entry e = entry(holder, "idle");
                    long restored = longOf(reflect.get(holder, "restoredNanoTime"));
                    if (restored > 0) {
                        e.idleSinceEpochMillis = nowMillis - Math.max(0, (nowNanos - restored) / 1_000_000L);
                    }
                    Dbcp2Adapter.count(c, e);
                }
            } else {
                cannotRead("idle connections: no readable ConcurrentPool.available deque in this Vibur version");
            }
            Object taken = reflect.get(reflect.get(p, "listener"), "taken");
            if (taken instanceof Iterable) {
                for (Iterator<?> it = ((Iterable<?>) taken).iterator(); it.hasNext(); ) {
                    Object holder = it.next();
                    Entry e = entry(holder, "in_use");
                    long takenAt = longOf(reflect.get(holder, "takenNanoTime"));
                    if (takenAt > 0) {
                        e.borrowedEpochMillis = nowMillis - Math.max(0, (nowNanos - takenAt) / 1_000_000L);
                    }
                    Dbcp2Adapter.count(c, e);
                }
            } else {
                // Counted, not listed: Vibur knows its borrowed connections only with tracking on.
                c.active = intOf(reflect.call(p, "taken"));
                c.borrowedListed = false;
                c.total += Math.max(0, c.active);
                cannotRead("borrowed connections: Vibur lists them only with poolEnableConnectionTracking=true;"
                        + " their number is exact, their rows are missing");
            }
            return c;
        }

        private Entry entry(Object holder, String state) {
            Entry e = new Entry();
            e.key = holder;
            e.state = state;
            e.connection = reflect.get(holder, "rawConnection");
            return e;
        }

        @Override
        public Common common() {
            Object cfg = config(pool());
            Common c = new Common();
            c.maximumPoolSize = intOf(reflect.call(cfg, "getPoolMaxSize"));
            c.minimumIdle = intOf(reflect.call(cfg, "getPoolInitialSize")); // the reducer never goes below it
            c.connectionTimeoutMillis = longOf(reflect.call(cfg, "getConnectionTimeoutInMs")); // 0 = forever
            int idleLimit = intOf(reflect.call(cfg, "getConnectionIdleLimitInSeconds"));
            // Vibur tests a connection on borrow when it was idle longer than this (negative: never)
            c.validationTimeoutMillis = secondsOf(reflect.call(cfg, "getValidateTimeoutInSeconds"));
            c.connectionTestQuery = idleLimit >= 0 ? stringOf(reflect.call(cfg, "getTestConnectionQuery")) : "";
            c.jdbcUrl = stringOf(reflect.call(cfg, "getJdbcUrl"));
            c.dataSourceClassName = stringOf(reflect.call(cfg, "getDriverClassName"));
            return c;
        }

        private long secondsOf(Object v) {
            long s = longOf(v);
            return s <= 0 ? -1 : s * 1000L;
        }

        @Override
        public Map<String, String> libraryConfig() {
            Object cfg = config(pool());
            Map<String, String> m = ordered();
            String[][] getters = {
                {"poolInitialSize", "getPoolInitialSize"}, {"poolMaxSize", "getPoolMaxSize"},
                {"poolFair", "isPoolFair"}, {"poolEnableConnectionTracking", "isPoolEnableConnectionTracking"},
                {"connectionTimeoutInMs", "getConnectionTimeoutInMs"},
                {"connectionIdleLimitInSeconds", "getConnectionIdleLimitInSeconds"},
                {"validateTimeoutInSeconds", "getValidateTimeoutInSeconds"},
                {"testConnectionQuery", "getTestConnectionQuery"},
                {"reducerTimeIntervalInSeconds", "getReducerTimeIntervalInSeconds"},
                {"reducerSamples", "getReducerSamples"}, {"loginTimeoutInSeconds", "getLoginTimeoutInSeconds"}};
            for (String[] g : getters) {
                m.put(g[0], reflect.describe(cfg, g[1]));
            }
            return m;
        }
    }
}
