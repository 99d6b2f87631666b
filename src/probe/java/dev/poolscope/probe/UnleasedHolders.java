package dev.poolscope.probe;

import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Connections in use by a borrow the probe did not see (it began before the probe loaded), for any
 * pool library: when the probe first saw each in use (the in-use lower bound), and the thread inside
 * a statement on it, named by the driver's own lock (pgjdbc 42.6+'s ResourceLock owner, read at read
 * time) or monitor (older pgjdbc, other drivers: found by the scanner through {@link MonitorHolders}).
 * Keys are the library's pool entries (HikariCP's PoolEntry, commons-pool2's PooledObject, ...),
 * held weakly; memory bounded by the pool size. One per pool reader, used under the reader's lock.
 */
final class UnleasedHolders {

    private final ConnectionSockets sockets;
    private final MonitorHolders monitors;
    /** Holders found by the scanner through the driver's monitor: at most one per connection. */
    private Map<Object, MonitorHolders.Holder> monitorHolders = new WeakHashMap<Object, MonitorHolders.Holder>();
    /** The nanoTime each such connection was first seen in use, so "in use at least" grows from what was seen. */
    private final Map<Object, Long> sinceNanos = new WeakHashMap<Object, Long>();
    private volatile boolean present;
    private volatile String problem;

    UnleasedHolders(ConnectionSockets sockets) {
        this(sockets, new MonitorHolders());
    }

    UnleasedHolders(ConnectionSockets sockets, MonitorHolders monitors) {
        this.sockets = sockets;
        this.monitors = monitors;
    }

    /**
     * Scanner thread: one look at the pool. {@code unleasedInUse} maps each entry in use with no lease
     * to its physical driver connection (the value may be null when the library does not expose it);
     * entries not in it are forgotten. Then holders are looked for through the drivers' monitors
     * (cost: see MonitorHolders).
     */
    void observe(Map<Object, Object> unleasedInUse, long nowNanos) {
        for (Iterator<Object> it = sinceNanos.keySet().iterator(); it.hasNext();) {
            if (!unleasedInUse.containsKey(it.next())) {
                it.remove();
            }
        }
        Map<Object, Object> locks = new IdentityHashMap<Object, Object>();
        for (Map.Entry<Object, Object> e : unleasedInUse.entrySet()) {
            if (!sinceNanos.containsKey(e.getKey())) {
                sinceNanos.put(e.getKey(), nowNanos);
            }
            Object lock = monitorOf(e.getValue());
            if (lock != null) {
                locks.put(e.getKey(), lock);
            }
        }
        present = !unleasedInUse.isEmpty();
        if (locks.isEmpty() && monitorHolders.isEmpty()) {
            return;
        }
        try {
            monitorHolders = new WeakHashMap<Object, MonitorHolders.Holder>(monitors.find(locks, monitorHolders, nowNanos));
            problem = monitors.problem();
        } catch (Throwable t) {
            problem = "holders inside statements (driver monitor): " + t;
        }
    }

    /** Read path: the entry's state at this read (keeps the first-seen time in step between scans). */
    void seen(Object key, boolean unleasedInUse, long nowNanos) {
        if (unleasedInUse) {
            if (!sinceNanos.containsKey(key)) {
                sinceNanos.put(key, nowNanos);
            }
        } else {
            sinceNanos.remove(key);
        }
    }

    /** Since when the probe has seen this entry in use with no lease, in nanoTime; null if not. */
    Long since(Object key) {
        return sinceNanos.get(key);
    }

    /** Whether the scanner's last look found connections in use by a borrow the probe did not see. */
    boolean present() {
        return present;
    }

    /** Why holders cannot be found through monitors, or null. */
    String problem() {
        return problem;
    }

    /**
     * Read path: names the thread inside a statement on this entry's connection, by the driver's
     * executor lock (pgjdbc 42.6+; its id when exactly one live thread has that name) or else by the
     * monitor holder the scanner last found (exact id). Sets holderSource {@code driver_lock}.
     * @return whether a holder was named (the caller then reads the running statement)
     */
    boolean name(Object key, Object rawConnection, PoolReader.ConnectionRead c) {
        try {
            String name = rawConnection == null ? null : sockets.statementThreadName(rawConnection);
            MonitorHolders.Holder byMonitor = name == null ? monitorHolders.get(key) : null;
            if (name == null && byMonitor == null) {
                return false;
            }
            c.borrowerThreadName = name != null ? name : byMonitor.threadName;
            c.holderSource = "driver_lock";
            c.borrowerThreadId = name != null ? uniqueThreadId(name) : byMonitor.threadId;
            return true;
        } catch (Throwable t) {
            return false; // the connection was closed or replaced while read: leave the holder unknown
        }
    }

    private Object monitorOf(Object rawConnection) {
        try {
            return rawConnection == null ? null : sockets.statementMonitor(rawConnection);
        } catch (Throwable t) {
            return null;
        }
    }

    static long uniqueThreadId(String name) {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n = root.enumerate(threads, true);
        long id = -1;
        for (int i = 0; i < n; i++) {
            if (name.equals(threads[i].getName())) {
                if (id != -1) {
                    return -1;
                }
                id = threads[i].getId();
            }
        }
        return id;
    }
}
