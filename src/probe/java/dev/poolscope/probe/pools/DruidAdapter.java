package dev.poolscope.probe.pools;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Map;

/**
 * Alibaba Druid ({@code com.alibaba:druid} 1.2). The pool is {@code DruidDataSource} itself. Druid
 * guards its bookkeeping with one ReentrantLock the probe does not take: idle connections are the
 * first {@code poolingCount} holders of the {@code connections} array (read as they are; a borrow
 * or return at that instant may shift them), the waiter count is the plain int
 * {@code notEmptyWaitThreadCount}. Borrowed connections are listed by Druid only with
 * {@code removeAbandoned=true} (its {@code activeConnections} map, copied and retried on a
 * concurrent change); otherwise only their number ({@code activeCount}) is known, said in words.
 * Per connection Druid keeps its connect time and last activity (epoch millis).
 */
final class DruidAdapter implements PoolAdapter {

    static final String KIND = "Druid";
    private static final String POOL = "com/alibaba/druid/pool/DruidDataSource";
    private static final String POOLED = "Lcom/alibaba/druid/pool/DruidPooledConnection;";
    private static final int COPY_ATTEMPTS = 3;

    private final Reflect reflect;

    DruidAdapter(Reflect reflect) {
        this.reflect = reflect;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String artifact() {
        return "com.alibaba/druid";
    }

    @Override
    public List<HookPoint> hookPoints() {
        return Arrays.asList(
                // getConnection(long) is the entry of both the filter chain and the direct path
                HookPoint.borrow(POOL, "getConnection", "(J)" + POOLED),
                // getConnectionInternal returns the DruidPooledConnection recycle() later gets back
                HookPoint.leaseResult(POOL, "getConnectionInternal", "(J)" + POOLED),
                HookPoint.release(POOL, "recycle", "(" + POOLED + ")V", 1),
                // DestroyTask (every timeBetweenEvictionRunsMillis, 60 s by default) calls shrink:
                // reveals a pool nobody borrows from.
                HookPoint.seen(POOL, "shrink", "(ZZ)V"));
    }

    @Override
    public boolean accepts(Object pool) {
        return pool != null && pool.getClass().getName().equals("com.alibaba.druid.pool.DruidDataSource");
    }

    @Override
    public PoolView open(Object pool) {
        return new View(pool);
    }

    /** The view's name: the library's own, else one made from the pool's URL. */
    private String nameOf(Object pool) {
        Object n = reflect.call(pool, "getName");
        return n != null ? n.toString() : PoolView.nameFromUrl(KIND, PoolView.stringOf(reflect.call(pool, "getUrl")));
    }

    private final class View extends WeakPoolView {

        View(Object pool) {
            super(pool, nameOf(pool));
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
            c.pending = intOf(reflect.get(p, "notEmptyWaitThreadCount"));
            Object holders = reflect.get(p, "connections");
            int pooling = intOf(reflect.get(p, "poolingCount"));
            if (holders instanceof Object[] && pooling >= 0) {
                Object[] array = (Object[]) holders;
                for (int i = 0; i < Math.min(pooling, array.length); i++) {
                    Object holder = array[i];
                    if (holder == null) {
                        continue;
                    }
                    Entry e = new Entry();
                    e.key = holder;
                    e.state = "idle";
                    long last = longOf(reflect.get(holder, "lastActiveTimeMillis"));
                    long connected = longOf(reflect.get(holder, "connectTimeMillis"));
                    e.createdEpochMillis = connected > 0 ? connected : -1;
                    long since = Math.max(last, connected);
                    e.idleSinceEpochMillis = since > 0 ? since : -1;
                    e.connection = driverConnection(reflect.get(holder, "conn"));
                    Dbcp2Adapter.count(c, e);
                }
            } else {
                cannotRead("idle connections: no readable DruidDataSource.connections in this Druid version");
            }
            List<Object> active = Boolean.TRUE.equals(reflect.call(p, "isRemoveAbandoned"))
                    ? copyKeys(reflect.get(p, "activeConnections")) : null;
            if (active != null) {
                for (Object pooled : active) {
                    Object holder = reflect.get(pooled, "holder");
                    Entry e = new Entry();
                    e.key = pooled;
                    e.state = "in_use";
                    long connected = longOf(reflect.get(holder, "connectTimeMillis"));
                    e.createdEpochMillis = connected > 0 ? connected : -1;
                    e.connection = driverConnection(reflect.get(holder, "conn"));
                    Dbcp2Adapter.count(c, e);
                }
            } else {
                int n = intOf(reflect.get(p, "activeCount"));
                c.active = Math.max(0, n);
                c.borrowedListed = false;
                c.total += c.active;
                cannotRead("borrowed connections: Druid lists them only with removeAbandoned=true; their"
                        + " number is exact, their rows are missing");
            }
            return c;
        }

        /**
         * The driver's connection under Druid's own wrappers, which the socket, driver-lock and
         * statement readers do not know: {@code DruidStatementConnection} (1.2.2x wraps every
         * physical connection in it; field {@code conn}) and, with filters such as {@code stat} or
         * {@code wall}, {@code ConnectionProxyImpl} (field {@code connection}). A wrapper it cannot
         * open is returned as it is, and those readers then say they could not read it.
         */
        private Object driverConnection(Object connection) {
            Object c = connection;
            for (int depth = 0; depth < 4 && c != null && c.getClass().getName().startsWith("com.alibaba.druid."); depth++) {
                Object inner = reflect.get(c, "conn");
                if (inner == null) {
                    inner = reflect.get(c, "connection");
                }
                if (inner == null || inner == c) {
                    break;
                }
                c = inner;
            }
            return c;
        }

        private List<Object> copyKeys(Object map) {
            if (!(map instanceof Map)) {
                return null;
            }
            for (int i = 0; i < COPY_ATTEMPTS; i++) {
                try {
                    List<Object> keys = new ArrayList<Object>(((Map<?, ?>) map).keySet());
                    keys.remove(null);
                    return keys;
                } catch (ConcurrentModificationException e) {
                    // changed under the copy: try again
                } catch (RuntimeException e) {
                    return null;
                }
            }
            cannotRead("borrowed connections: Druid's activeConnections map changed on every read");
            return null;
        }

        @Override
        public Common common() {
            Object p = pool();
            Common c = new Common();
            c.maximumPoolSize = intOf(reflect.call(p, "getMaxActive"));
            c.minimumIdle = intOf(reflect.call(p, "getMinIdle"));
            c.idleTimeoutMillis = longOf(reflect.call(p, "getMinEvictableIdleTimeMillis"));
            long phy = longOf(reflect.call(p, "getPhyTimeoutMillis"));
            c.maxLifetimeMillis = phy > 0 ? phy : 0; // Druid: -1 = no limit, as HikariCP's 0
            if (Boolean.TRUE.equals(reflect.call(p, "isKeepAlive"))) {
                c.keepaliveTimeMillis = longOf(reflect.call(p, "getKeepAliveBetweenTimeMillis"));
            }
            int seconds = intOf(reflect.call(p, "getValidationQueryTimeout"));
            c.validationTimeoutMillis = seconds > 0 ? seconds * 1000L : -1;
            c.connectionTimeoutMillis = longOf(reflect.call(p, "getMaxWait")); // -1 = wait forever
            if (Boolean.TRUE.equals(reflect.call(p, "isRemoveAbandoned"))) {
                c.leakDetectionThresholdMillis = longOf(reflect.call(p, "getRemoveAbandonedTimeoutMillis"));
            }
            c.connectionTestQuery = stringOf(reflect.call(p, "getValidationQuery"));
            c.jdbcUrl = stringOf(reflect.call(p, "getUrl"));
            c.dataSourceClassName = stringOf(reflect.call(p, "getDriverClassName"));
            return c;
        }

        @Override
        public Map<String, String> libraryConfig() {
            Object p = pool();
            Map<String, String> m = ordered();
            String[][] getters = {
                {"maxActive", "getMaxActive"}, {"minIdle", "getMinIdle"}, {"initialSize", "getInitialSize"},
                {"maxWait", "getMaxWait"}, {"testOnBorrow", "isTestOnBorrow"}, {"testWhileIdle", "isTestWhileIdle"},
                {"testOnReturn", "isTestOnReturn"}, {"validationQuery", "getValidationQuery"},
                {"validationQueryTimeout", "getValidationQueryTimeout"},
                {"timeBetweenEvictionRunsMillis", "getTimeBetweenEvictionRunsMillis"},
                {"minEvictableIdleTimeMillis", "getMinEvictableIdleTimeMillis"},
                {"maxEvictableIdleTimeMillis", "getMaxEvictableIdleTimeMillis"}, {"keepAlive", "isKeepAlive"},
                {"keepAliveBetweenTimeMillis", "getKeepAliveBetweenTimeMillis"},
                {"phyTimeoutMillis", "getPhyTimeoutMillis"}, {"removeAbandoned", "isRemoveAbandoned"},
                {"removeAbandonedTimeoutMillis", "getRemoveAbandonedTimeoutMillis"}};
            for (String[] g : getters) {
                m.put(g[0], reflect.describe(p, g[1]));
            }
            return m;
        }
    }
}
