package dev.poolscope.probe.pools;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Apache Commons DBCP2 (2.x, on commons-pool2 2.x). The pool the probe keys on is the
 * commons-pool2 {@code GenericObjectPool} behind {@code PoolingDataSource} (BasicDataSource creates
 * one lazily at the first getConnection), whose {@code PooledObject}s are the entries. Found at the
 * first borrow after the probe loads.
 *
 * <p>Read without the pool's locks: {@code allObjects} is a ConcurrentHashMap, each entry's state
 * is read from its field (its getter is synchronized), the counts are counted from the entries
 * (commons-pool2's own counts take the idle deque's lock). Idle since = the entry's lastReturnTime,
 * borrowed at = lastBorrowTime, created = createTime, all epoch millis kept by commons-pool2.
 */
final class Dbcp2Adapter implements PoolAdapter {

    static final String KIND = "DBCP2";
    private static final String POOLING_DATA_SOURCE = "org/apache/commons/dbcp2/PoolingDataSource";
    private static final String FACTORY = "org/apache/commons/dbcp2/PoolableConnectionFactory";
    private static final String POOLED_OBJECT = "(Lorg/apache/commons/pool2/PooledObject;)V";
    private static final String OBJECT_POOL = "Lorg/apache/commons/pool2/ObjectPool;";

    private final Reflect reflect;

    Dbcp2Adapter(Reflect reflect) {
        this.reflect = reflect;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String artifact() {
        return "org.apache.commons/commons-dbcp2";
    }

    @Override
    public List<HookPoint> hookPoints() {
        return Arrays.asList(
                HookPoint.borrowOf(POOLING_DATA_SOURCE, "getConnection", "()Ljava/sql/Connection;", "pool", OBJECT_POOL),
                // activateObject runs in the borrowing thread inside borrowObject (and in the evictor
                // for testWhileIdle, outside any borrow: the recorder ignores leases outside a borrow).
                HookPoint.lease(FACTORY, "activateObject", POOLED_OBJECT, 1),
                HookPoint.releaseOf(FACTORY, "passivateObject", POOLED_OBJECT, 1, "pool", OBJECT_POOL),
                HookPoint.releaseOf(FACTORY, "destroyObject", null, 1, "pool", OBJECT_POOL),
                HookPoint.createdResult(FACTORY, "makeObject", "()Lorg/apache/commons/pool2/PooledObject;"),
                // The evictor (BaseGenericObjectPool$Evictor.run, every timeBetweenEvictionRunsMillis)
                // calls evict() on the pool: reveals a pool nobody borrows from. Runs for every
                // commons-pool2 pool; accepts() keeps only DBCP2's.
                HookPoint.seen("org/apache/commons/pool2/impl/GenericObjectPool", "evict", "()V"));
    }

    @Override
    public boolean accepts(Object pool) {
        if (pool == null || !pool.getClass().getName().startsWith("org.apache.commons.pool2.")) {
            return false;
        }
        Object factory = reflect.call(pool, "getFactory");
        return factory != null && factory.getClass().getName().equals("org.apache.commons.dbcp2.PoolableConnectionFactory");
    }

    @Override
    public PoolView open(Object pool) {
        return new View(pool);
    }

    /** The view's name: the library's own, else one made from the pool's URL. */
    private String nameOf(Object pool) {
        Object jmxName = reflect.call(factory(pool), "getDataSourceJmxName");
        return jmxName != null ? jmxName.toString() : PoolView.nameFromUrl(KIND, url(pool));
    }

    private Object factory(Object p) {
        return reflect.call(p, "getFactory");
    }

    private String url(Object p) {
        Object connectionFactory = reflect.call(factory(p), "getConnectionFactory");
        Object url = reflect.call(connectionFactory, "getConnectionString");
        if (url == null) {
            url = reflect.get(connectionFactory, "connectionString");
        }
        return url == null ? "" : url.toString();
    }

    private final class View extends WeakPoolView {

        View(Object pool) {
            super(pool, nameOf(pool));
        }

        @Override
        public Class<?> libraryClass() {
            Object f = factory(pool());
            return f == null ? null : f.getClass(); // the pool itself is commons-pool2's
        }

        @Override
        public boolean isShutDown() {
            Object p = pool();
            return p == null || Boolean.TRUE.equals(reflect.call(p, "isClosed"));
        }

        @Override
        public Counts read() {
            Counts c = new Counts();
            Object p = pool();
            Object all = reflect.get(p, "allObjects");
            if (!(all instanceof Map)) {
                cannotRead("connection states: no GenericObjectPool.allObjects map in this commons-pool2 version");
                return c;
            }
            cannotRead("waiting threads: counted from the borrows the probe observed (commons-pool2 counts"
                    + " its waiters under the idle deque's lock, which the probe does not take)");
            for (Object pooled : ((Map<?, ?>) all).values()) {
                Entry e = new Entry();
                e.key = pooled;
                Object state = reflect.get(pooled, "state");
                e.state = stateName(state == null ? null : state.toString());
                e.createdEpochMillis = positive(reflect.call(pooled, "getCreateTime"));
                if ("idle".equals(e.state)) {
                    long returned = positive(reflect.call(pooled, "getLastReturnTime"));
                    e.idleSinceEpochMillis = returned > 0 ? Math.max(returned, e.createdEpochMillis) : e.createdEpochMillis;
                } else if ("in_use".equals(e.state)) {
                    e.borrowedEpochMillis = positive(reflect.call(pooled, "getLastBorrowTime"));
                }
                Object conn = reflect.call(pooled, "getObject");
                Object inner = reflect.call(conn, "getInnermostDelegateInternal");
                e.connection = inner != null ? inner : conn;
                count(c, e);
            }
            return c;
        }

        @Override
        public Common common() {
            Object p = pool();
            Object f = factory(p);
            Common c = new Common();
            c.maximumPoolSize = intOf(reflect.call(p, "getMaxTotal"));
            c.minimumIdle = intOf(reflect.call(p, "getMinIdle"));
            // Idle connections are closed only by the evictor: without it there is no idle timeout.
            long evictorRun = longOf(reflect.call(p, "getTimeBetweenEvictionRunsMillis"));
            c.idleTimeoutMillis = evictorRun > 0 ? longOf(reflect.call(p, "getMinEvictableIdleTimeMillis")) : 0;
            long lifetime = longOf(reflect.call(f, "getMaxConnLifetimeMillis"));
            c.maxLifetimeMillis = lifetime < 0 ? 0 : lifetime; // DBCP2: -1 = no limit, as HikariCP's 0
            c.validationTimeoutMillis = validationTimeoutMillis(f);
            c.connectionTimeoutMillis = longOf(reflect.call(p, "getMaxWaitMillis")); // -1 = wait forever
            c.connectionTestQuery = stringOf(reflect.call(f, "getValidationQuery"));
            c.jdbcUrl = url(p);
            return c;
        }

        private long validationTimeoutMillis(Object f) {
            Object seconds = reflect.call(f, "getValidationQueryTimeoutSeconds");
            if (seconds instanceof Number) {
                long s = ((Number) seconds).longValue();
                return s <= 0 ? -1 : s * 1000;
            }
            return millisOf(reflect.call(f, "getValidationQueryTimeoutDuration"));
        }

        @Override
        public Map<String, String> libraryConfig() {
            Object p = pool();
            Object f = factory(p);
            Map<String, String> m = ordered();
            m.put("maxTotal", reflect.describe(p, "getMaxTotal"));
            m.put("maxIdle", reflect.describe(p, "getMaxIdle"));
            m.put("minIdle", reflect.describe(p, "getMinIdle"));
            m.put("maxWaitMillis", reflect.describe(p, "getMaxWaitMillis"));
            m.put("testOnBorrow", reflect.describe(p, "getTestOnBorrow"));
            m.put("testOnReturn", reflect.describe(p, "getTestOnReturn"));
            m.put("testWhileIdle", reflect.describe(p, "getTestWhileIdle"));
            m.put("timeBetweenEvictionRunsMillis", reflect.describe(p, "getTimeBetweenEvictionRunsMillis"));
            m.put("minEvictableIdleTimeMillis", reflect.describe(p, "getMinEvictableIdleTimeMillis"));
            m.put("maxConnLifetimeMillis", reflect.describe(f, "getMaxConnLifetimeMillis"));
            m.put("validationQuery", reflect.describe(f, "getValidationQuery"));
            m.put("validationQueryTimeoutSeconds", reflect.describe(f, "getValidationQueryTimeoutSeconds"));
            m.put("lifo", reflect.describe(p, "getLifo"));
            return m;
        }
    }

    private static long positive(Object v) {
        long l = PoolView.longOf(v);
        return l > 0 ? l : -1;
    }

    /** commons-pool2's PooledObjectState in the probe's words. */
    static String stateName(String state) {
        if (state == null) {
            return "unknown";
        }
        if ("IDLE".equals(state)) {
            return "idle";
        }
        if ("ALLOCATED".equals(state)) {
            return "in_use";
        }
        if ("INVALID".equals(state) || "ABANDONED".equals(state)) {
            return "removed";
        }
        return "reserved"; // EVICTION*, VALIDATION*, RETURNING: the pool is testing or taking it back
    }

    static void count(PoolView.Counts c, PoolView.Entry e) {
        if ("in_use".equals(e.state)) {
            c.active++;
        } else if ("idle".equals(e.state)) {
            c.idle++;
        }
        c.total++;
        c.entries.add(e);
    }
}
