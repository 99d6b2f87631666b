package dev.poolscope.probe.pools;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Agroal ({@code io.agroal.pool}, 1.x to 3.x; Quarkus, WildFly). The pool is {@code ConnectionPool};
 * its entries are the {@code ConnectionHandler}s of {@code allConnections}, a copy-on-write array
 * read here without its StampedLock. Agroal counts active connections in a LongAdder and waiters in
 * its LinkedTransferQueue (both lock-free). It keeps no creation time, and its {@code lastAccess}
 * (System.nanoTime) is refreshed on return only when idle validation or reaping is on, so idle ages
 * exist only then. Found at the first borrow after the probe loads.
 */
final class AgroalAdapter implements PoolAdapter {

    static final String KIND = "Agroal";
    private static final String POOL = "io/agroal/pool/ConnectionPool";
    private static final String HANDLER = "Lio/agroal/pool/ConnectionHandler;";

    private final Reflect reflect;

    AgroalAdapter(Reflect reflect) {
        this.reflect = reflect;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String artifact() {
        return "io.agroal/agroal-pool";
    }

    @Override
    public List<HookPoint> hookPoints() {
        return Arrays.asList(
                HookPoint.borrow(POOL, "getConnection", "()Ljava/sql/Connection;"),
                HookPoint.borrow(POOL, "getReadOnlyConnection", "()Ljava/sql/Connection;"),
                // afterAcquire(long stamp, ConnectionHandler, boolean): slots 0 this, 1-2 stamp, 3 handler
                HookPoint.lease(POOL, "afterAcquire", "(J" + HANDLER + "Z)V", 3),
                HookPoint.release(POOL, "returnConnectionHandler", "(" + HANDLER + ")V", 1),
                HookPoint.release(POOL, "removeFromPool", "(" + HANDLER + ")V", 1),
                HookPoint.createdThis("io/agroal/pool/ConnectionHandler"),
                // Housekeeping tasks that reschedule themselves (validationTimeout, reapTimeout,
                // leakTimeout; none runs when all three are zero): reveal a pool nobody borrows from.
                HookPoint.seenOf(POOL + "$ValidationTask", "run", "()V", "this$0", "L" + POOL + ";"),
                HookPoint.seenOf(POOL + "$ReapTask", "run", "()V", "this$0", "L" + POOL + ";"),
                HookPoint.seenOf(POOL + "$LeakTask", "run", "()V", "this$0", "L" + POOL + ";"));
    }

    @Override
    public boolean accepts(Object pool) {
        return pool != null && pool.getClass().getName().equals("io.agroal.pool.ConnectionPool");
    }

    @Override
    public PoolView open(Object pool) {
        return new View(pool);
    }

    /** The view's name: the library's own, else one made from the pool's URL. */
    private String nameOf(Object pool) {
        return PoolView.nameFromUrl(KIND, url(pool)); // Agroal pools have no name of their own
    }

    private Object config(Object p) {
        return reflect.call(p, "getConfiguration");
    }

    private String url(Object p) {
        return PoolView.stringOf(reflect.call(reflect.call(config(p), "connectionFactoryConfiguration"), "jdbcUrl"));
    }

    private final class View extends WeakPoolView {

        View(Object pool) {
            super(pool, nameOf(pool));
        }

        @Override
        public boolean isShutDown() {
            Object p = pool();
            if (p == null) {
                return true;
            }
            Object executor = reflect.get(p, "housekeepingExecutor"); // shut down by close()
            return executor instanceof java.util.concurrent.ExecutorService
                    && ((java.util.concurrent.ExecutorService) executor).isShutdown();
        }

        @Override
        public Counts read() {
            Counts c = new Counts();
            Object p = pool();
            Object awaiting = reflect.call(p, "awaitingCount");
            c.pending = awaiting instanceof Number ? ((Number) awaiting).intValue() : -1;
            Object list = reflect.get(p, "allConnections");
            Object data = reflect.get(list, "data");
            if (!(data instanceof Object[])) {
                cannotRead("connection states: no readable ConnectionPool.allConnections in this Agroal version");
                return c;
            }
            boolean touchedOnReturn = Boolean.TRUE.equals(reflect.get(p, "idleValidationEnabled"))
                    || Boolean.TRUE.equals(reflect.get(p, "reapEnabled"));
            if (!touchedOnReturn) {
                cannotRead("idle ages: Agroal refreshes a connection's last access on return only when idle"
                        + " validation or reaping (reapTimeout) is configured; neither is");
            }
            cannotRead("connection ages: Agroal keeps no creation time; known only for connections opened"
                    + " after the probe loaded");
            long nowMillis = System.currentTimeMillis();
            long nowNanos = System.nanoTime();
            for (Object handler : ((Object[]) data).clone()) {
                if (handler == null) {
                    continue;
                }
                Entry e = new Entry();
                e.key = handler;
                Object state = reflect.get(handler, "state");
                e.state = stateName(state == null ? null : state.toString());
                if ("idle".equals(e.state) && touchedOnReturn) {
                    long last = longOf(reflect.get(handler, "lastAccess"));
                    e.idleSinceEpochMillis = nowMillis - Math.max(0, (nowNanos - last) / 1_000_000L);
                }
                e.connection = reflect.get(handler, "connection");
                Dbcp2Adapter.count(c, e);
            }
            return c;
        }

        @Override
        public Common common() {
            Object cfg = config(pool());
            Common c = new Common();
            c.maximumPoolSize = intOf(reflect.call(cfg, "maxSize"));
            c.minimumIdle = intOf(reflect.call(cfg, "minSize"));
            c.idleTimeoutMillis = millisOf(reflect.call(cfg, "reapTimeout"));
            c.maxLifetimeMillis = millisOf(reflect.call(cfg, "maxLifetime"));
            // Agroal's validationTimeout is the interval of background validation of idle connections:
            // HikariCP's keepaliveTime, not its validationTimeout (Agroal has no such timeout).
            c.keepaliveTimeMillis = millisOf(reflect.call(cfg, "validationTimeout"));
            c.connectionTimeoutMillis = millisOf(reflect.call(cfg, "acquisitionTimeout"));
            c.leakDetectionThresholdMillis = millisOf(reflect.call(cfg, "leakTimeout"));
            c.jdbcUrl = url(pool());
            return c;
        }

        @Override
        public Map<String, String> libraryConfig() {
            Object cfg = config(pool());
            Map<String, String> m = ordered();
            String[] names = {"maxSize", "minSize", "initialSize", "acquisitionTimeout", "validationTimeout",
                "idleValidationTimeout", "validateOnBorrow", "reapTimeout", "leakTimeout", "maxLifetime",
                "flushOnClose"};
            for (String n : names) {
                m.put(n, reflect.describe(cfg, n));
            }
            return m;
        }
    }

    /** ConnectionHandler.State in the probe's words. */
    static String stateName(String state) {
        if ("CHECKED_IN".equals(state)) {
            return "idle";
        }
        if ("CHECKED_OUT".equals(state)) {
            return "in_use";
        }
        if ("DESTROYED".equals(state)) {
            return "removed";
        }
        return state == null ? "unknown" : "reserved"; // NEW, VALIDATION, FLUSH
    }
}
