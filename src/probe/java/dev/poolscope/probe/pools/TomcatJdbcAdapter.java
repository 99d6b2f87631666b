package dev.poolscope.probe.pools;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Tomcat JDBC ({@code org.apache.tomcat.jdbc.pool}, 8.5 to 11). The pool is {@code ConnectionPool};
 * its entries are {@code PooledConnection}s in two queues, {@code busy} and {@code idle}, walked
 * without their locks ({@link QueueWalk}). Tomcat keeps per connection {@code timestamp} (epoch
 * millis of the last borrow or return) and {@code lastConnected} (epoch millis of the last
 * (re)connect, so "age" is since the last reconnect), and counts its waiters in an AtomicInteger.
 * Found at the first borrow after the probe loads.
 */
final class TomcatJdbcAdapter implements PoolAdapter {

    static final String KIND = "TomcatJDBC";
    private static final String POOL = "org/apache/tomcat/jdbc/pool/ConnectionPool";
    private static final String POOLED = "(Lorg/apache/tomcat/jdbc/pool/PooledConnection;)";

    private final Reflect reflect;
    private final QueueWalk queues;

    TomcatJdbcAdapter(Reflect reflect) {
        this.reflect = reflect;
        this.queues = new QueueWalk(reflect);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String artifact() {
        return "org.apache.tomcat/tomcat-jdbc";
    }

    @Override
    public List<HookPoint> hookPoints() {
        return Arrays.asList(
                HookPoint.borrow(POOL, "getConnection", "()Ljava/sql/Connection;"),
                HookPoint.borrow(POOL, "getConnection", "(Ljava/lang/String;Ljava/lang/String;)Ljava/sql/Connection;"),
                // setupConnection wraps the borrowed PooledConnection in its proxy, in the borrowing thread
                HookPoint.lease(POOL, "setupConnection", POOLED + "Ljava/sql/Connection;", 1),
                HookPoint.release(POOL, "returnConnection", POOLED + "V", 1),
                HookPoint.release(POOL, "release", POOLED + "V", 1),
                HookPoint.createdThis("org/apache/tomcat/jdbc/pool/PooledConnection"),
                // The pool cleaner (a TimerTask every timeBetweenEvictionRunsMillis, 5 s by default,
                // whenever idle eviction, abandon checks, testWhileIdle or maxAge are on) holds its
                // pool in a WeakReference: reveals a pool nobody borrows from.
                HookPoint.seenOf(POOL + "$PoolCleaner", "run", "()V", "pool", "Ljava/lang/ref/WeakReference;"));
    }

    @Override
    public boolean accepts(Object pool) {
        return pool != null && pool.getClass().getName().equals("org.apache.tomcat.jdbc.pool.ConnectionPool");
    }

    @Override
    public PoolView open(Object pool) {
        return new View(pool);
    }

    /** The view's name: the library's own, else one made from the pool's URL. */
    private String nameOf(Object pool) {
        Object n = reflect.call(pool, "getName");
        return n != null ? n.toString() : PoolView.nameFromUrl(KIND, PoolView.stringOf(reflect.call(props(pool), "getUrl")));
    }

    private Object props(Object p) {
        return reflect.call(p, "getPoolProperties");
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
            Object waiting = reflect.get(p, "waitcount");
            c.pending = waiting instanceof Number ? ((Number) waiting).intValue() : -1;
            add(c, reflect.get(p, "busy"), "in_use");
            add(c, reflect.get(p, "idle"), "idle");
            return c;
        }

        private void add(Counts c, Object queue, String state) {
            List<Object> items = new ArrayList<Object>();
            if (!queues.walk(queue, items)) {
                cannotRead("connection states: Tomcat's " + state + " queue is a "
                        + (queue == null ? "missing field" : queue.getClass().getName()) + ", which the probe cannot walk");
                return;
            }
            for (Object pc : items) {
                Entry e = new Entry();
                e.key = pc;
                boolean gone = Boolean.TRUE.equals(reflect.get(pc, "discarded"))
                        || Boolean.TRUE.equals(reflect.call(pc, "isReleased"));
                e.state = gone ? "removed" : state;
                long stamp = longOf(reflect.get(pc, "timestamp"));
                if ("idle".equals(e.state)) {
                    e.idleSinceEpochMillis = stamp > 0 ? stamp : -1;
                } else if ("in_use".equals(e.state)) {
                    e.borrowedEpochMillis = stamp > 0 ? stamp : -1;
                }
                long connected = longOf(reflect.get(pc, "lastConnected"));
                e.createdEpochMillis = connected > 0 ? connected : -1;
                e.connection = reflect.get(pc, "connection");
                Dbcp2Adapter.count(c, e);
            }
        }

        @Override
        public Common common() {
            Object props = props(pool());
            Common c = new Common();
            c.maximumPoolSize = intOf(reflect.call(props, "getMaxActive"));
            c.minimumIdle = intOf(reflect.call(props, "getMinIdle"));
            c.idleTimeoutMillis = longOf(reflect.call(props, "getMinEvictableIdleTimeMillis"));
            c.maxLifetimeMillis = longOf(reflect.call(props, "getMaxAge")); // 0 = no limit, as HikariCP
            int seconds = intOf(reflect.call(props, "getValidationQueryTimeout"));
            c.validationTimeoutMillis = seconds > 0 ? seconds * 1000L : -1;
            c.connectionTimeoutMillis = longOf(reflect.call(props, "getMaxWait"));
            if (Boolean.TRUE.equals(reflect.call(props, "isRemoveAbandoned"))) {
                c.leakDetectionThresholdMillis = longOf(reflect.call(props, "getRemoveAbandonedTimeout")) * 1000L;
            }
            c.connectionTestQuery = stringOf(reflect.call(props, "getValidationQuery"));
            c.jdbcUrl = stringOf(reflect.call(props, "getUrl"));
            c.dataSourceClassName = stringOf(reflect.call(props, "getDriverClassName"));
            return c;
        }

        @Override
        public Map<String, String> libraryConfig() {
            Object props = props(pool());
            Map<String, String> m = ordered();
            String[][] getters = {
                {"maxActive", "getMaxActive"}, {"maxIdle", "getMaxIdle"}, {"minIdle", "getMinIdle"},
                {"initialSize", "getInitialSize"}, {"maxWait", "getMaxWait"}, {"testOnBorrow", "isTestOnBorrow"},
                {"testWhileIdle", "isTestWhileIdle"}, {"testOnReturn", "isTestOnReturn"},
                {"validationQuery", "getValidationQuery"}, {"validationQueryTimeout", "getValidationQueryTimeout"},
                {"validationInterval", "getValidationInterval"},
                {"timeBetweenEvictionRunsMillis", "getTimeBetweenEvictionRunsMillis"},
                {"minEvictableIdleTimeMillis", "getMinEvictableIdleTimeMillis"}, {"maxAge", "getMaxAge"},
                {"removeAbandoned", "isRemoveAbandoned"}, {"removeAbandonedTimeout", "getRemoveAbandonedTimeout"},
                {"fairQueue", "isFairQueue"}};
            for (String[] g : getters) {
                m.put(g[0], reflect.describe(props, g[1]));
            }
            return m;
        }
    }
}
