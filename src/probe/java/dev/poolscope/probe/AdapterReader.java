package dev.poolscope.probe;

import dev.poolscope.probe.pools.PoolAdapter;
import dev.poolscope.probe.pools.PoolView;
import dev.poolscope.secrets.Secrets;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Reads a pool of a library other than HikariCP: the adapter's {@link PoolView} gives states and
 * the library's own timestamps; this class adds what the probe observed at borrows (holder thread,
 * exact in-use time, creation time, borrow stack), the running statement and the kernel's view of
 * the socket, so every library gets the same per-connection data as HikariCP where it can.
 * {@link #read} is synchronized on this reader (the probe's own lock, never the pool's).
 */
final class AdapterReader implements PoolSource {

    private final PoolAdapter adapter;
    private final PoolView view;
    private final String version;
    private final RunningStatements statements = new RunningStatements();
    private final ConnectionSockets sockets = new ConnectionSockets();
    private final KernelTcp kernel = new KernelTcp();
    /** Connections in use by a borrow the probe did not see: first-seen times and driver-lock holders. */
    private final UnleasedHolders unleased = new UnleasedHolders(sockets);
    private final Map<Object, String> ids = new WeakHashMap<Object, String>();
    private int nextId = 1;

    AdapterReader(PoolAdapter adapter, Object pool) {
        this.adapter = adapter;
        this.view = adapter.open(pool);
        Class<?> library = view.libraryClass();
        this.version = HikariVersion.of(library != null ? library : pool.getClass(), adapter.artifact());
    }

    @Override
    public String kind() {
        return adapter.kind();
    }

    @Override
    public String poolName() {
        return view.name();
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public List<String> unreadable() {
        List<String> result = new ArrayList<String>(view.unreadable());
        if (statements.problem() != null) {
            result.add(statements.problem());
        }
        if (unleased.problem() != null) {
            result.add(unleased.problem());
        }
        return result;
    }

    @Override
    public boolean isShutDown(Object pool) {
        return view.isShutDown();
    }

    @Override
    public synchronized PoolReader.Read read(Object pool, PoolTracker tracker, BorrowRecorder recorder,
                                             HolderStates holderStates, long stackThresholdMillis, boolean kernelTcp) {
        PoolReader.Read r = new PoolReader.Read();
        r.capturedAtEpochMillis = System.currentTimeMillis();
        r.nowNanos = System.nanoTime();
        // Leases first, entries second (as PoolReader): a lease not matched by a listed entry is gone.
        Map<Object, Lease> leases = tracker.leasesByEntry();
        PoolView.Counts counts = view.read();
        r.pending = counts.pending;
        Map<Object, Boolean> live = new IdentityHashMap<Object, Boolean>();
        for (PoolView.Entry e : counts.entries) {
            live.put(e.key, Boolean.TRUE);
            Lease lease = leases.get(e.key);
            PoolReader.ConnectionRead c = connection(e, lease, r, recorder, stackThresholdMillis);
            if (lease != null && "in_use".equals(c.state) && stackThresholdMillis != Long.MAX_VALUE) {
                tracker.borrowSites.describe(c, lease, stackThresholdMillis); // not for PoolMetrics' flat figures
            }
            HolderStates.Sample sample = lease == null || !"in_use".equals(c.state) ? null : holderStates.of(lease);
            if (sample != null) {
                c.borrowerThreadState = sample.state;
                c.borrowerTopFrame = sample.topFrame;
                c.borrowerStateSinceEpochMillis = r.capturedAtEpochMillis - (r.nowNanos - sample.sinceNanos) / 1_000_000L;
            }
            r.connections.add(c);
        }
        r.active = counts.active;
        r.idle = counts.idle;
        r.total = counts.total;
        if (counts.borrowedListed && (!counts.entries.isEmpty() || counts.total == 0)) {
            tracker.forgetLeasesExcept(live, leases);
        }
        if (kernelTcp) {
            PoolReader.joinKernel(kernel, r);
        }
        return r;
    }

    /**
     * Scanner thread: notes the connections in use by a borrow the probe did not see and looks for
     * their holders through the driver's monitor (see UnleasedHolders). One read of the view (no pool
     * lock, as every read); the rows of this look are dropped.
     */
    synchronized void observeInUse(PoolTracker tracker) {
        Map<Object, Lease> leases = tracker.leasesByEntry();
        PoolView.Counts counts = view.read();
        Map<Object, Object> unleasedInUse = new IdentityHashMap<Object, Object>();
        for (PoolView.Entry e : counts.entries) {
            if ("in_use".equals(e.state) && leases.get(e.key) == null) {
                unleasedInUse.put(e.key, e.connection);
            }
        }
        unleased.observe(unleasedInUse, System.nanoTime());
    }

    /** Whether the scanner's last look found connections in use by a borrow the probe did not see. */
    boolean hasUnleasedInUse() {
        return unleased.present();
    }

    private PoolReader.ConnectionRead connection(PoolView.Entry e, Lease lease, PoolReader.Read r,
                                                 BorrowRecorder recorder, long stackThresholdMillis) {
        PoolReader.ConnectionRead c = new PoolReader.ConnectionRead();
        c.id = idOf(e.key);
        c.state = e.state;
        if ("idle".equals(e.state) && e.idleSinceEpochMillis >= 0) {
            c.lastAccessedEpochMillis = e.idleSinceEpochMillis;
            c.idleMillis = Math.max(0, r.capturedAtEpochMillis - e.idleSinceEpochMillis);
        }
        unleased.seen(e.key, "in_use".equals(e.state) && lease == null, r.nowNanos);
        if ("in_use".equals(e.state)) {
            if (lease != null) {
                c.holderSource = "borrow";
                // Observed at the borrow: exact, and with the holder.
                c.inUseMillis = Math.max(0, (r.nowNanos - lease.sinceNanos) / 1_000_000L);
                c.borrowerThreadId = lease.threadId;
                c.borrowerThreadName = lease.threadName;
                if (c.inUseMillis >= stackThresholdMillis) {
                    c.borrowStack = PoolReader.stackOf(lease.threadId);
                    c.runningStatement = runningStatement(e.connection);
                }
            } else {
                if (e.borrowedEpochMillis >= 0) {
                    c.inUseMillis = Math.max(0, r.capturedAtEpochMillis - e.borrowedEpochMillis); // the library's clock
                } else {
                    Long since = unleased.since(e.key);
                    c.inUseAtLeastMillis = since == null ? -1 : Math.max(0, (r.nowNanos - since) / 1_000_000L);
                }
                // A borrow the probe did not see: the thread inside a statement, by the driver's lock.
                if (unleased.name(e.key, e.connection, c)) {
                    c.runningStatement = runningStatement(e.connection);
                }
            }
            if (c.inUseMillis >= 0) {
                c.borrowedAtEpochMillis = r.capturedAtEpochMillis - c.inUseMillis;
            }
        }
        Long created = recorder.createdNanos(e.key);
        if (created != null) {
            c.ageMillis = Math.max(0, (r.nowNanos - created) / 1_000_000L);
            c.ageExact = true;
        } else if (e.createdEpochMillis >= 0) {
            c.ageMillis = Math.max(0, r.capturedAtEpochMillis - e.createdEpochMillis);
            c.ageExact = true; // the library's own creation time, in millis
        }
        if (c.ageMillis >= 0) {
            c.createdEpochMillis = r.capturedAtEpochMillis - c.ageMillis;
        }
        try {
            c.endpoint = e.connection == null ? null : sockets.of(e.connection);
        } catch (Exception ex) {
            c.endpoint = null;
        }
        return c;
    }

    private String runningStatement(Object connection) {
        try {
            return connection == null ? "" : statements.of(connection);
        } catch (Exception e) {
            return "";
        }
    }

    private String idOf(Object entry) {
        String id = ids.get(entry);
        if (id == null) {
            id = "c" + nextId++;
            ids.put(entry, id);
        }
        return id;
    }

    @Override
    public Object[] config(Object pool) {
        PoolView.Common c = view.common();
        return new Object[] {c.maximumPoolSize, c.minimumIdle, c.idleTimeoutMillis, c.maxLifetimeMillis,
            c.keepaliveTimeMillis, c.validationTimeoutMillis, c.connectionTimeoutMillis,
            c.leakDetectionThresholdMillis, -1L, c.connectionTestQuery, Secrets.mask(c.jdbcUrl),
            c.dataSourceClassName};
    }

    @Override
    public int maximumPoolSize(Object pool) {
        return view.common().maximumPoolSize;
    }

    @Override
    public int minimumIdle(Object pool) {
        return view.common().minimumIdle;
    }

    @Override
    public String[] libraryConfig(Object pool) {
        List<String> out = new ArrayList<String>();
        for (Map.Entry<String, String> e : view.libraryConfig().entrySet()) {
            out.add(e.getKey() + "=" + Secrets.mask(e.getValue()));
        }
        return out.toArray(new String[0]);
    }
}
