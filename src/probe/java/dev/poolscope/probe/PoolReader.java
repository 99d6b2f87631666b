package dev.poolscope.probe;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * Reads one HikariCP pool, read-only, through reflection handles looked up once per pool. Never
 * calls anything that takes the pool's locks: {@code ConcurrentBag.values()} copies a
 * CopyOnWriteArrayList, the rest are field reads and getters of plain config values. HikariCP's
 * clock values are turned into durations with its own {@code ClockSource} here, in the target.
 *
 * <p>Used from JMX threads and the probe's scanner; {@link #read} is synchronized on this reader
 * (the probe's own lock).
 */
final class PoolReader implements PoolSource {

    static final int STATE_NOT_IN_USE = 0;
    static final int STATE_IN_USE = 1;
    static final int STATE_REMOVED = -1;
    static final int STATE_RESERVED = -2;
    static final int POOL_SHUTDOWN = 2;
    private static final int MAX_STACK_FRAMES = 64;

    final String poolName;
    final String version;
    private static final int MAX_UNREADABLE = 20;
    /** Bounded (see {@link #MAX_UNREADABLE}): a failure repeated on every read must not grow it. */
    private final Set<String> unreadable = new BoundedSet(MAX_UNREADABLE);

    private final Field connectionBag;
    private final Field poolState;
    private final Field aliveBypassWindow;
    private final Field config;
    private final Field lifeTimeVarianceFactor;
    private final Method bagValues;
    private final Method bagWaiting;
    private final Field entryState;
    private final Field entryLastAccessed;
    private final Field entryEndOfLife;
    private final Field entryConnection;
    private final Method elapsedMillis;
    private final RunningStatements statements = new RunningStatements();
    private final ConnectionSockets sockets = new ConnectionSockets();
    private final KernelTcp kernel = new KernelTcp();
    /** Connections in use by a borrow the probe did not see: first-seen times and driver-lock holders. */
    private final UnleasedHolders unleased = new UnleasedHolders(sockets);
    /** HikariCP's leak-detection tasks, read for borrows older than the probe (see LeakTasks). */
    private final LeakTasks leakTasks;
    /** What a leak task said about each such borrow: at most one per connection in use, bounded by the pool size. */
    private final Map<Object, LeakTasks.Record> leakRecords = new WeakHashMap<Object, LeakTasks.Record>();
    /**
     * How often each such borrow's task was looked for without success: a borrow older than the probe
     * gets no new task, so after {@link #LEAK_LOOKS} racy reads missed it, it is not looked for again.
     */
    private final Map<Object, Integer> leakLooks = new WeakHashMap<Object, Integer>();
    static final int LEAK_LOOKS = 3;
    private volatile long leakDetectionMillis;
    static final String LEAK_TASK_GONE = "HikariCP's leak-detection task for this borrow was not in the housekeeping"
            + " queue when the probe looked: it leaves the queue when it fires, leakDetectionThreshold after the borrow, so"
            + " for a borrow held longer than that before the probe loaded the borrow site is only in the application's"
            + " log (\"Apparent connection leak detected\")";

    private final String idleSince;
    private final Map<Object, String> ids = new WeakHashMap<Object, String>();
    private final Map<Object, Long> firstSeenNanos = new WeakHashMap<Object, Long>();
    private int nextId = 1;

    PoolReader(Object pool) {
        Class<?> poolClass = pool.getClass();
        ClassLoader loader = poolClass.getClassLoader();
        version = HikariVersion.of(poolClass);
        idleSince = idleSinceFor(version);
        connectionBag = field(poolClass, "connectionBag", "connection states");
        poolState = field(poolClass, "poolState", "whether the pool is shut down");
        aliveBypassWindow = optionalField(poolClass, "aliveBypassWindowMs");
        config = field(poolClass, "config", "configuration");
        lifeTimeVarianceFactor = optionalField(poolClass, "lifeTimeVarianceFactor");
        Class<?> bagClass = classNamed("com.zaxxer.hikari.util.ConcurrentBag", loader);
        bagValues = method(bagClass, "values", "connection states");
        bagWaiting = method(bagClass, "getWaitingThreadCount", "waiting thread count");
        Class<?> entryClass = classNamed("com.zaxxer.hikari.pool.PoolEntry", loader);
        entryState = field(entryClass, "state", "connection states");
        entryLastAccessed = field(entryClass, "lastAccessed", "idle ages");
        entryEndOfLife = optionalField(entryClass, "endOfLife");
        entryConnection = optionalField(entryClass, "connection");
        Class<?> clock = classNamed("com.zaxxer.hikari.util.ClockSource", loader);
        elapsedMillis = method(clock, "elapsedMillis", "idle ages", long.class);
        String name = fieldValueAsString(pool, poolClass, "poolName");
        poolName = name != null ? name : String.valueOf(invokeGetter(configObject(pool), "getPoolName"));
        leakTasks = new LeakTasks(poolClass);
    }

    @Override
    public String kind() {
        return "HikariCP";
    }

    @Override
    public String poolName() {
        return poolName;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public Object[] config(Object pool) {
        return new Object[] {
            intConfig(pool, "getMaximumPoolSize"),
            intConfig(pool, "getMinimumIdle"),
            longConfig(pool, "getIdleTimeout"),
            longConfig(pool, "getMaxLifetime"),
            longConfig(pool, "getKeepaliveTime"),
            longConfig(pool, "getValidationTimeout"),
            longConfig(pool, "getConnectionTimeout"),
            longConfig(pool, "getLeakDetectionThreshold"),
            aliveBypassWindowMillis(pool),
            stringConfig(pool, "getConnectionTestQuery"),
            dev.poolscope.secrets.Secrets.mask(stringConfig(pool, "getJdbcUrl")),
            stringConfig(pool, "getDataSourceClassName")};
    }

    @Override
    public int maximumPoolSize(Object pool) {
        return intConfig(pool, "getMaximumPoolSize");
    }

    @Override
    public int minimumIdle(Object pool) {
        return intConfig(pool, "getMinimumIdle");
    }

    /** HikariCP's own terms are the common config's: see {@link #config}. */
    @Override
    public String[] libraryConfig(Object pool) {
        Object[] values = config(pool);
        String[] out = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = ProbeTypes.CONFIG_ITEMS[i] + "=" + values[i];
        }
        return out;
    }

    /** What this reader could not read, in words for the user; stable order. */
    @Override
    public List<String> unreadable() {
        return new ArrayList<String>(unreadable);
    }

    @Override
    public boolean isShutDown(Object pool) {
        try {
            return poolState != null && poolState.getInt(pool) == POOL_SHUTDOWN;
        } catch (Exception e) {
            return false;
        }
    }

    // ---- one consistent read ----

    /** Raw facts of one read; turned into open data by {@link SnapshotBuilder}. */
    static final class Read {
        long capturedAtEpochMillis;
        long nowNanos;
        int active;
        int idle;
        int total;
        int pending = -1;
        final List<ConnectionRead> connections = new ArrayList<ConnectionRead>();
    }

    static final class ConnectionRead {
        String id;
        String state;
        long createdEpochMillis = -1;
        long ageMillis = -1;
        boolean ageExact;
        long lastAccessedEpochMillis = -1;
        long idleMillis = -1;
        long borrowedAtEpochMillis = -1;
        long inUseMillis = -1;
        long borrowerThreadId = -1;
        String borrowerThreadName = "";
        /** The holder's stack now (read at read time), past the stack threshold; not where it borrowed. */
        String[] borrowStack = new String[0];
        /** Where it borrowed: the stack taken at the borrow (see BorrowSiteCapture), else empty with a reason. */
        String[] borrowSite = new String[0];
        String borrowSiteSource = "";
        String borrowSiteUnknownReason = "";
        String runningStatement = "";
        String borrowerThreadState = "";
        String borrowerTopFrame = "";
        long borrowerStateSinceEpochMillis = -1;
        /** The socket behind the connection (pgjdbc only), null when not known. */
        ConnectionSockets.Endpoint endpoint;
        KernelTcp.Tcp tcp;
        String tcpUnavailableReason = "";
        /** Bounds for a borrow that began before the probe (-1: not known or not applicable). */
        long inUseAtLeastMillis = -1;
        long inUseAtMostMillis = -1;
        /** What idleMillis counts from: "return", "last_statement", or "" when not known / not idle. */
        String idleSince = "";
        /** Who named the holder: "borrow" (the probe saw it), "driver_lock" (in a statement now), or "". */
        String holderSource = "";
    }

    @Override
    public synchronized Read read(Object pool, PoolTracker tracker, BorrowRecorder recorder, HolderStates holderStates,
                           long stackThresholdMillis, boolean kernelTcp) {
        Read r = new Read();
        r.capturedAtEpochMillis = System.currentTimeMillis();
        r.nowNanos = System.nanoTime();
        // Leases are copied before the entries are listed: a lease in the copy belongs to an entry
        // that existed before the listing, so "not listed" means "gone", and a connection created
        // and borrowed after the copy is not pruned (its lease is not in the copy).
        Map<Object, Lease> leases = tracker.leasesByEntry();
        List<?> entries = entries(pool);
        Object bag = bag(pool);
        if (bag != null && bagWaiting != null) {
            try {
                r.pending = (Integer) bagWaiting.invoke(bag);
            } catch (Exception e) {
                unreadable.add("waiting thread count: " + e);
            }
        }
        Map<Object, Boolean> live = new IdentityHashMap<Object, Boolean>();
        leakDetectionMillis = longConfig(pool, "getLeakDetectionThreshold");
        long maxLifetime = longConfig(pool, "getMaxLifetime");
        long varianceFactor = 40;
        if (lifeTimeVarianceFactor != null) {
            try {
                varianceFactor = Math.max(1, lifeTimeVarianceFactor.getLong(pool));
            } catch (Exception e) {
                unreadable.add("connection ages: " + e);
            }
        }
        for (Object entry : entries) {
            live.put(entry, Boolean.TRUE);
            Lease lease = leases.get(entry);
            ConnectionRead c = readEntry(entry, r, lease, recorder, maxLifetime, varianceFactor, stackThresholdMillis);
            if (lease != null && "in_use".equals(c.state) && stackThresholdMillis != Long.MAX_VALUE) {
                tracker.borrowSites.describe(c, lease, stackThresholdMillis); // not for PoolMetrics' flat figures
            }
            HolderStates.Sample sample = lease == null || !"in_use".equals(c.state) ? null : holderStates.of(lease);
            if (sample != null) {
                c.borrowerThreadState = sample.state;
                c.borrowerTopFrame = sample.topFrame;
                c.borrowerStateSinceEpochMillis = r.capturedAtEpochMillis - (r.nowNanos - sample.sinceNanos) / 1_000_000L;
            }
            if ("in_use".equals(c.state)) {
                r.active++;
            } else if ("idle".equals(c.state)) {
                r.idle++;
            }
            r.total++;
            r.connections.add(c);
        }
        if (bagValues != null) {
            tracker.forgetLeasesExcept(live, leases);
        }
        if (kernelTcp) {
            joinKernel(kernel, r);
        }
        return r;
    }

    private ConnectionRead readEntry(Object entry, Read r, Lease lease, BorrowRecorder recorder, long maxLifetime,
                                     long varianceFactor, long stackThresholdMillis) {
        ConnectionRead c = new ConnectionRead();
        c.id = idOf(entry, r.nowNanos);
        int state = intField(entryState, entry, Integer.MIN_VALUE);
        c.state = stateName(state);
        long idleElapsed = -1;
        if (entryLastAccessed != null && elapsedMillis != null) {
            try {
                long raw = entryLastAccessed.getLong(entry);
                idleElapsed = Math.max(0, (Long) elapsedMillis.invoke(null, raw));
                c.lastAccessedEpochMillis = r.capturedAtEpochMillis - idleElapsed;
            } catch (Exception e) {
                unreadable.add("idle ages: " + e);
            }
        }
        if (state == STATE_NOT_IN_USE) {
            c.idleMillis = idleElapsed;
        }
        unleased.seen(entry, state == STATE_IN_USE && lease == null, r.nowNanos);
        if (state == STATE_IN_USE && lease == null) {
            // The borrow came after the connection's lastAccessed (creation or return in 5.x+, the
            // previous holder's last statement in 3.x/4.x), so that is an upper bound; the lower one
            // is what the probe itself saw.
            c.inUseAtMostMillis = idleElapsed;
            Long since = unleased.since(entry);
            c.inUseAtLeastMillis = since == null ? -1 : Math.max(0, (r.nowNanos - since) / 1_000_000L);
            boolean named = unleased.name(entry, rawConnection(entry), c);
            LeakTasks.Record leak = leakRecords.get(entry);
            if (leak != null) {
                if (!named) {
                    // The borrower by HikariCP's own leak task; the driver's lock (the holder now) wins.
                    c.borrowerThreadName = leak.threadName;
                    c.borrowerThreadId = UnleasedHolders.uniqueThreadId(leak.threadName);
                    c.holderSource = LeakTasks.SOURCE;
                }
                c.borrowSite = leak.site;
                c.borrowSiteSource = LeakTasks.SOURCE;
            } else if (leakDetectionMillis > 0) {
                c.borrowSiteUnknownReason = LEAK_TASK_GONE;
            }
            if (named || leak != null) {
                c.runningStatement = runningStatement(entry);
            }
        }
        if (state == STATE_NOT_IN_USE && idleElapsed >= 0) {
            c.idleSince = idleSince;
        }
        if (state == STATE_IN_USE && lease != null) {
            c.inUseMillis = Math.max(0, (r.nowNanos - lease.sinceNanos) / 1_000_000L);
            c.borrowedAtEpochMillis = r.capturedAtEpochMillis - c.inUseMillis;
            c.holderSource = "borrow";
            c.borrowerThreadId = lease.threadId;
            c.borrowerThreadName = lease.threadName;
            if (c.inUseMillis >= stackThresholdMillis) {
                c.borrowStack = stackOf(lease.threadId);
                c.runningStatement = runningStatement(entry);
            }
        }
        c.endpoint = endpoint(entry);
        Long created = recorder.createdNanos(entry);
        if (created != null) {
            c.ageMillis = Math.max(0, (r.nowNanos - created) / 1_000_000L);
            c.ageExact = true;
        } else {
            c.ageMillis = estimateAge(entry, r.nowNanos, idleElapsed, maxLifetime, varianceFactor);
            c.ageExact = false;
        }
        if (c.ageMillis >= 0) {
            c.createdEpochMillis = r.capturedAtEpochMillis - c.ageMillis;
        }
        return c;
    }

    /**
     * For a connection opened before the probe was loaded: HikariCP schedules its end of life at
     * creation, {@code maxLifetime} minus a random variance of up to maxLifetime/40 (3.x-5.x) or
     * maxLifetime/lifeTimeVarianceFactor (6.x+, factor 4 by default), so the remaining delay gives
     * the age to within half that variance. Never less than what was observed, and never more than
     * the JVM's uptime (with 6.x's 25% variance the estimate alone can exceed it by minutes).
     */
    private long estimateAge(Object entry, long nowNanos, long idleElapsed, long maxLifetime, long varianceFactor) {
        Long firstSeen = firstSeenNanos.get(entry);
        long observed = Math.max(idleElapsed, firstSeen == null ? -1 : (nowNanos - firstSeen) / 1_000_000L);
        if (entryEndOfLife != null && maxLifetime > 0) {
            try {
                Object endOfLife = entryEndOfLife.get(entry);
                if (endOfLife instanceof Delayed) {
                    long remaining = ((Delayed) endOfLife).getDelay(TimeUnit.MILLISECONDS);
                    long fullVariance = maxLifetime > 10_000 ? maxLifetime / varianceFactor : 0;
                    long uptime = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
                    // The age is maxLifetime - variance - remaining for an unknown variance in
                    // [0, fullVariance), and lies within what was observed and the JVM's uptime: report
                    // the middle of that interval (in a young JVM, uptime is the tighter bound).
                    long lo = Math.max(observed, maxLifetime - fullVariance - remaining);
                    long hi = Math.min(uptime, maxLifetime - remaining);
                    if (lo <= hi) {
                        return lo + (hi - lo) / 2;
                    }
                    return Math.max(observed, Math.min(uptime, maxLifetime - fullVariance / 2 - remaining));
                }
            } catch (Exception e) {
                unreadable.add("connection ages: " + e);
            }
        }
        return observed;
    }

    /**
     * Scanner thread, every scan: notes connections in use without a lease, so that their lower
     * bound grows between snapshots. One pass over the pool's entries; nothing on the borrow path.
     */
    synchronized void observeInUse(Object pool, PoolTracker tracker) {
        Map<Object, Lease> leases = tracker.leasesByEntry();
        long now = System.nanoTime();
        Map<Object, Object> unleasedInUse = new IdentityHashMap<Object, Object>();
        for (Object entry : entries(pool)) {
            if (intField(entryState, entry, Integer.MIN_VALUE) == STATE_IN_USE && leases.get(entry) == null) {
                unleasedInUse.put(entry, rawConnection(entry));
            }
        }
        unleased.observe(unleasedInUse, now);
        if (unleased.problem() != null) {
            unreadable.add(unleased.problem());
        }
        readLeakTasks(pool, unleasedInUse);
    }

    /**
     * Scanner thread: for borrows older than the probe with no leak record yet, HikariCP's leak task
     * from the housekeeper's queue, read without its lock (see LeakTasks). Only with leak detection on.
     */
    private void readLeakTasks(Object pool, Map<Object, Object> unleasedInUse) {
        leakRecords.keySet().retainAll(unleasedInUse.keySet());
        leakLooks.keySet().retainAll(unleasedInUse.keySet());
        leakDetectionMillis = longConfig(pool, "getLeakDetectionThreshold");
        if (leakDetectionMillis <= 0) {
            return;
        }
        Map<Object, Object> wanted = new IdentityHashMap<Object, Object>();
        for (Map.Entry<Object, Object> e : unleasedInUse.entrySet()) {
            Integer looks = leakLooks.get(e.getKey());
            if (!leakRecords.containsKey(e.getKey()) && (looks == null || looks < LEAK_LOOKS)) {
                wanted.put(e.getKey(), e.getValue());
                leakLooks.put(e.getKey(), looks == null ? 1 : looks + 1);
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        leakRecords.putAll(leakTasks.find(pool, wanted));
        if (leakTasks.problem() != null) {
            unreadable.add(leakTasks.problem());
        }
    }

    /** Whether the scanner's last look found connections in use by a borrow the probe did not see. */
    boolean hasUnleasedInUse() {
        return unleased.present();
    }

    /** PoolEntry.connection: the driver's connection (HikariCP keeps no proxy there); null if unreadable. */
    private Object rawConnection(Object entry) {
        try {
            return entryConnection == null ? null : entryConnection.get(entry);
        } catch (Throwable t) {
            return null;
        }
    }

    /** What lastAccessed counts from: 5.x+ set it on return (and at creation), 3.x/4.x to the last statement. */
    static String idleSinceFor(String version) {
        int dot = version == null ? -1 : version.indexOf('.');
        try {
            int major = Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
            return major >= 5 ? "return" : "last_statement";
        } catch (RuntimeException e) {
            return "";
        }
    }

    private String idOf(Object entry, long nowNanos) {
        String id = ids.get(entry);
        if (id == null) {
            id = "c" + nextId++;
            ids.put(entry, id);
            firstSeenNanos.put(entry, nowNanos);
        }
        return id;
    }

    static String stateName(int state) {
        switch (state) {
            case STATE_NOT_IN_USE:
                return "idle";
            case STATE_IN_USE:
                return "in_use";
            case STATE_RESERVED:
                return "reserved";
            case STATE_REMOVED:
                return "removed";
            default:
                return "unknown";
        }
    }

    private ConnectionSockets.Endpoint endpoint(Object entry) {
        if (entryConnection == null) {
            return null;
        }
        try {
            ConnectionSockets.Endpoint e = sockets.of(entryConnection.get(entry));
            if (sockets.problem() != null) {
                unreadable.add(sockets.problem());
            }
            return e;
        } catch (Exception e) {
            return null;
        }
    }

    /** One pass over the kernel's socket tables for all connections of this read. */
    static void joinKernel(SocketTable kernel, Read r) {
        String reason = kernel.unavailableReason();
        List<ConnectionSockets.Endpoint> wanted = new ArrayList<ConnectionSockets.Endpoint>();
        for (ConnectionRead c : r.connections) {
            if (c.endpoint != null && c.endpoint.localPort > 0) {
                wanted.add(c.endpoint);
            }
        }
        Map<ConnectionSockets.Endpoint, KernelTcp.Tcp> found = reason != null
                ? Collections.<ConnectionSockets.Endpoint, KernelTcp.Tcp>emptyMap() : kernel.lookup(wanted);
        for (ConnectionRead c : r.connections) {
            if (reason != null) {
                c.tcpUnavailableReason = reason;
            } else if (c.endpoint == null) {
                c.tcpUnavailableReason = "kernel TCP view: the driver does not expose this connection's socket";
            } else if (c.endpoint.localPort <= 0) {
                c.tcpUnavailableReason = "kernel TCP view: the connection's socket is closed";
            } else {
                c.tcp = found.get(c.endpoint);
                if (c.tcp == null) {
                    c.tcpUnavailableReason = "kernel TCP view: no socket with local port " + c.endpoint.localPort
                            + " in /proc/self/net/tcp or tcp6 (closed by the kernel)";
                }
            }
        }
    }

    private String runningStatement(Object entry) {
        if (entryConnection == null) {
            return "";
        }
        try {
            String sql = statements.of(entryConnection.get(entry));
            if (statements.problem() != null) {
                unreadable.add(statements.problem());
            }
            return sql;
        } catch (Exception e) {
            return "";
        }
    }

    /** The holder's stack, read by thread id at read time (a lease keeps no Thread). */
    static String[] stackOf(long threadId) {
        java.lang.management.ThreadInfo info = threadId < 0 ? null
                : java.lang.management.ManagementFactory.getThreadMXBean().getThreadInfo(threadId, MAX_STACK_FRAMES);
        if (info == null) {
            return new String[0]; // the holder has ended
        }
        StackTraceElement[] frames = info.getStackTrace();
        String[] result = new String[frames.length];
        for (int i = 0; i < frames.length; i++) {
            result[i] = frames[i].toString();
        }
        return result;
    }

    /**
     * Scanner side: forgets leases of connections no longer in the pool, so leases the hooks missed
     * do not pile up (and keep PoolEntries alive) in a JVM nobody reads. Costs one copy of the
     * pool's entry list, and only while some lease is held.
     */
    synchronized void pruneLeases(Object pool, PoolTracker tracker) {
        if (bagValues == null || tracker.leasesHeld() == 0) {
            return;
        }
        Map<Object, Lease> leases = tracker.leasesByEntry(); // before the listing: see read()
        Map<Object, Boolean> live = new IdentityHashMap<Object, Boolean>();
        for (Object entry : entries(pool)) {
            live.put(entry, Boolean.TRUE);
        }
        tracker.forgetLeasesExcept(live, leases);
    }

    // ---- pool-level values ----

    List<?> entries(Object pool) {
        Object bag = bag(pool);
        if (bag == null || bagValues == null) {
            return Collections.emptyList();
        }
        try {
            return (List<?>) bagValues.invoke(bag);
        } catch (Exception e) {
            unreadable.add("connection states: " + e);
            return Collections.emptyList();
        }
    }

    private Object bag(Object pool) {
        if (connectionBag == null) {
            return null;
        }
        try {
            return connectionBag.get(pool);
        } catch (Exception e) {
            unreadable.add("connection states: " + e);
            return null;
        }
    }

    Object configObject(Object pool) {
        if (config == null) {
            return null;
        }
        try {
            return config.get(pool);
        } catch (Exception e) {
            unreadable.add("configuration: " + e);
            return null;
        }
    }

    long aliveBypassWindowMillis(Object pool) {
        if (aliveBypassWindow != null) {
            try {
                return aliveBypassWindow.getLong(pool);
            } catch (Exception e) {
                // fall through to HikariCP's own default source
            }
        }
        return Long.getLong("com.zaxxer.hikari.aliveBypassWindowMs", 500L);
    }

    long longConfig(Object pool, String getter) {
        Object v = invokeGetter(configObject(pool), getter);
        return v instanceof Number ? ((Number) v).longValue() : -1;
    }

    int intConfig(Object pool, String getter) {
        Object v = invokeGetter(configObject(pool), getter);
        return v instanceof Number ? ((Number) v).intValue() : -1;
    }

    String stringConfig(Object pool, String getter) {
        Object v = invokeGetter(configObject(pool), getter);
        return v == null ? "" : v.toString();
    }

    private Object invokeGetter(Object target, String getter) {
        if (target == null) {
            return null;
        }
        try {
            return target.getClass().getMethod(getter).invoke(target);
        } catch (NoSuchMethodException e) {
            return null; // e.g. getKeepaliveTime before HikariCP 4.0.0: reported as -1
        } catch (Exception e) {
            unreadable.add("configuration " + getter + ": " + e);
            return null;
        }
    }

    // ---- reflection helpers ----

    private Field field(Class<?> owner, String name, String what) {
        if (owner == null) {
            unreadable.add(what + ": class not found");
            return null;
        }
        Field f = optionalField(owner, name);
        if (f == null) {
            unreadable.add(what + ": no field " + owner.getSimpleName() + "." + name + " in HikariCP " + version);
        }
        return f;
    }

    private Field optionalField(Class<?> owner, String name) {
        for (Class<?> c = owner; c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException e) {
                // look in the superclass
            } catch (RuntimeException e) {
                // InaccessibleObjectException (module not opened) and friends
                unreadable.add("field " + c.getSimpleName() + "." + name + ": " + e);
                return null;
            }
        }
        return null;
    }

    private Method method(Class<?> owner, String name, String what, Class<?>... params) {
        if (owner == null) {
            unreadable.add(what + ": class not found");
            return null;
        }
        try {
            return owner.getMethod(name, params);
        } catch (Exception e) {
            unreadable.add(what + ": " + e);
            return null;
        }
    }

    private String fieldValueAsString(Object pool, Class<?> poolClass, String name) {
        Field f = optionalField(poolClass, name);
        try {
            Object v = f == null ? null : f.get(pool);
            return v == null ? null : v.toString();
        } catch (Exception e) {
            return null;
        }
    }

    private static int intField(Field f, Object target, int fallback) {
        try {
            return f == null ? fallback : f.getInt(target);
        } catch (Exception e) {
            return fallback;
        }
    }

    /** A thread-safe insertion-ordered set that ignores additions beyond a limit. */
    private static final class BoundedSet extends java.util.AbstractSet<String> {
        private final Set<String> items = new LinkedHashSet<String>();
        private final int limit;

        BoundedSet(int limit) {
            this.limit = limit;
        }

        @Override
        public synchronized boolean add(String item) {
            return items.size() < limit && items.add(item);
        }

        @Override
        public synchronized java.util.Iterator<String> iterator() {
            return new ArrayList<String>(items).iterator();
        }

        @Override
        public synchronized int size() {
            return items.size();
        }
    }

    private static Class<?> classNamed(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (Throwable t) {
            return null;
        }
    }
}
