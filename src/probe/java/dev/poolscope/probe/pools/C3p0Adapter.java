package dev.poolscope.probe.pools;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * c3p0 (com.mchange:c3p0 0.9.5 to 0.14). The pool the probe keys on is mchange's
 * {@code BasicResourcePool}, one per authentication of a {@code ComboPooledDataSource} (created at
 * its first getConnection), whose resources are the {@code PooledConnection}s. Its manager (an
 * inner class of {@code C3P0PooledConnectionPool}) holds the {@code ConnectionPoolDataSource} with
 * the settings under c3p0's own names.
 *
 * <p>c3p0 guards its bookkeeping ({@code managed}, a HashMap resource to PunchCard, and
 * {@code unused}, a LinkedList) with one ReentrantLock the probe does not take: it copies the map
 * and retries on a ConcurrentModificationException, and says so when three copies fail. Per
 * connection it keeps acquisition, last check-in and check-out times in epoch millis.
 */
final class C3p0Adapter implements PoolAdapter {

    static final String KIND = "c3p0";
    private static final String POOL = "com/mchange/v2/resourcepool/BasicResourcePool";
    private static final String SELF = "L" + POOL + ";";
    private static final int COPY_ATTEMPTS = 3;

    private final Reflect reflect;
    private final QueueWalk queues;

    C3p0Adapter(Reflect reflect) {
        this.reflect = reflect;
        this.queues = new QueueWalk(reflect);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String artifact() {
        return "com.mchange/c3p0";
    }

    @Override
    public List<HookPoint> hookPoints() {
        return Arrays.asList(
                // checkoutResource(long timeout) returns the resource itself, in the borrowing thread.
                HookPoint.borrow(POOL, "checkoutResource", "(J)Ljava/lang/Object;"),
                HookPoint.leaseResult(POOL, "checkoutResource", "(J)Ljava/lang/Object;"),
                HookPoint.release(POOL, "checkinResource", "(Ljava/lang/Object;)V", 1),
                HookPoint.release(POOL, "removeResource", "(Ljava/lang/Object;Z)V", 1),
                // Timer tasks on the pool: expiry culling (maxIdleTime, maxConnectionAge, ...) and idle
                // tests (idleConnectionTestPeriod). Reveal a pool nobody borrows from.
                HookPoint.seenOf(POOL + "$CullTask", "run", "()V", "this$0", SELF),
                HookPoint.seenOf(POOL + "$CheckIdleResourcesTask", "run", "()V", "this$0", SELF));
    }

    @Override
    public boolean accepts(Object pool) {
        if (pool == null || !pool.getClass().getName().equals("com.mchange.v2.resourcepool.BasicResourcePool")) {
            return false;
        }
        Object manager = reflect.get(pool, "mgr");
        return manager != null && manager.getClass().getName().startsWith("com.mchange.v2.c3p0.");
    }

    @Override
    public PoolView open(Object pool) {
        return new View(pool);
    }

    /** The view's name: the library's own, else one made from the pool's URL. */
    private String nameOf(Object pool) {
        return PoolView.nameFromUrl(KIND, url(pool)); // c3p0's dataSourceName lives on the DataSource, out of reach
    }

    /** The WrapperConnectionPoolDataSource captured by the pool's manager. */
    private Object cpds(Object p) {
        return reflect.get(reflect.get(p, "mgr"), "val$cpds");
    }

    private String url(Object p) {
        return PoolView.stringOf(reflect.call(reflect.call(cpds(p), "getNestedDataSource"), "getJdbcUrl"));
    }

    private final class View extends WeakPoolView {

        View(Object pool) {
            super(pool, nameOf(pool));
        }

        @Override
        public boolean isShutDown() {
            Object p = pool();
            return p == null || Boolean.TRUE.equals(reflect.get(p, "broken"));
        }

        @Override
        public Counts read() {
            Counts c = new Counts();
            Object p = pool();
            cannotRead("waiting threads: counted from the borrows the probe observed (c3p0 counts its"
                    + " waiters under its pool lock, which the probe does not take)");
            Object managed = reflect.get(p, "managed");
            List<Map.Entry<?, ?>> cards = copy(managed);
            if (cards == null) {
                cannotRead("connection states: c3p0's managed map is " + (managed == null ? "missing"
                        : "changing on every read") + "; read without its lock");
                return c;
            }
            Set<Object> excluded = new HashSet<Object>();
            Object ex = reflect.get(p, "excluded");
            if (ex instanceof Set) {
                try {
                    excluded.addAll((Set<?>) ex);
                } catch (ConcurrentModificationException e) {
                    // a connection leaving right now: counted by its punch card below
                }
            }
            Set<Object> unused = new HashSet<Object>();
            List<Object> idle = new ArrayList<Object>();
            queues.walk(reflect.get(p, "unused"), idle);
            unused.addAll(idle);
            for (Map.Entry<?, ?> m : cards) {
                Object card = m.getValue();
                Entry e = new Entry();
                e.key = m.getKey();
                long checkout = longOf(reflect.get(card, "checkout_time"));
                if (excluded.contains(e.key)) {
                    e.state = "removed";
                } else if (checkout > 0) {
                    e.state = "in_use";
                    e.borrowedEpochMillis = checkout;
                } else if (unused.contains(e.key)) {
                    e.state = "idle";
                    long checkin = longOf(reflect.get(card, "last_checkin_time"));
                    long acquired = longOf(reflect.get(card, "acquisition_time"));
                    long since = Math.max(checkin, acquired);
                    e.idleSinceEpochMillis = since > 0 ? since : -1;
                } else {
                    e.state = "reserved"; // being tested, refurbished or handed over
                }
                long acquired = longOf(reflect.get(card, "acquisition_time"));
                e.createdEpochMillis = acquired > 0 ? acquired : -1;
                e.connection = physical(e.key);
                Dbcp2Adapter.count(c, e);
            }
            return c;
        }

        /** NewPooledConnection.physicalConnection (c3p0's default; also the field name in WrapperPooledConnection). */
        private Object physical(Object pooled) {
            return reflect.get(pooled, "physicalConnection");
        }

        private List<Map.Entry<?, ?>> copy(Object managed) {
            if (!(managed instanceof Map)) {
                return null;
            }
            for (int i = 0; i < COPY_ATTEMPTS; i++) {
                try {
                    return new ArrayList<Map.Entry<?, ?>>(((Map<?, ?>) managed).entrySet());
                } catch (ConcurrentModificationException e) {
                    // changed under the copy: try again
                } catch (RuntimeException e) {
                    return null;
                }
            }
            return null;
        }

        @Override
        public Common common() {
            Object cpds = cpds(pool());
            Common c = new Common();
            c.maximumPoolSize = intOf(reflect.call(cpds, "getMaxPoolSize"));
            c.minimumIdle = intOf(reflect.call(cpds, "getMinPoolSize"));
            c.idleTimeoutMillis = seconds(reflect.call(cpds, "getMaxIdleTime")); // 0 = never, as HikariCP
            c.maxLifetimeMillis = seconds(reflect.call(cpds, "getMaxConnectionAge"));
            long testPeriod = seconds(reflect.call(cpds, "getIdleConnectionTestPeriod"));
            c.keepaliveTimeMillis = testPeriod; // c3p0 tests idle connections every period: HikariCP's keepalive
            c.connectionTimeoutMillis = longOf(reflect.call(cpds, "getCheckoutTimeout")); // 0 = wait forever
            long unreturned = seconds(reflect.call(cpds, "getUnreturnedConnectionTimeout"));
            c.leakDetectionThresholdMillis = unreturned;
            c.connectionTestQuery = stringOf(reflect.call(cpds, "getPreferredTestQuery"));
            c.jdbcUrl = url(pool());
            c.dataSourceClassName = stringOf(reflect.call(reflect.call(cpds, "getNestedDataSource"), "getDriverClass"));
            return c;
        }

        private long seconds(Object v) {
            long s = longOf(v);
            return s < 0 ? -1 : s * 1000L;
        }

        @Override
        public Map<String, String> libraryConfig() {
            Object cpds = cpds(pool());
            Map<String, String> m = ordered();
            String[] names = {"minPoolSize", "maxPoolSize", "initialPoolSize", "checkoutTimeout", "maxIdleTime",
                "maxIdleTimeExcessConnections", "maxConnectionAge", "idleConnectionTestPeriod",
                "testConnectionOnCheckout", "testConnectionOnCheckin", "preferredTestQuery",
                "connectionIsValidTimeout", "unreturnedConnectionTimeout", "acquireIncrement"};
            for (String n : names) {
                String getter = (n.startsWith("test") ? "is" : "get") + Character.toUpperCase(n.charAt(0)) + n.substring(1);
                String v = reflect.describe(cpds, getter);
                if (v.startsWith("(not readable") && n.startsWith("test")) {
                    v = reflect.describe(cpds, "get" + getter.substring(2));
                }
                m.put(n, v);
            }
            return m;
        }
    }
}
