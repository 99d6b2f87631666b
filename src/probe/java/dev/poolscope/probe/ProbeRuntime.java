package dev.poolscope.probe;

import dev.poolscope.probe.boot.ProbeHooks;
import dev.poolscope.probe.boot.ProbeListener;
import dev.poolscope.probe.pools.PoolAdapter;
import dev.poolscope.probe.pools.PoolAdapters;
import dev.poolscope.probe.pools.PoolClassTransformer;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The probe once loaded: installs the hooks and the transformer, and runs the scanner thread that
 * finds pools and keeps one {@link PoolProbe} MBean per live pool. Created once per JVM by
 * {@link ProbeAgent}; a second load only calls {@link #loadedAgain()}.
 */
public final class ProbeRuntime implements ProbeAgentMXBean {

    static final String AGENT_NAME = "dev.poolscope:type=ProbeAgent";
    static final String NO_POOL_YET = "no HikariCP pool found in this JVM yet: pools created later are found";
    /** Standing: what an agent loaded into a running JVM cannot find (it cannot list existing objects). */
    static final String OTHERS_FOUND_LATER = "pools of other libraries (" + PoolAdapters.KINDS + ") are found at"
            + " their first borrow or housekeeping run after the probe loaded; a pool with neither (no evictor,"
            + " cleaner or validation timer configured, and idle) stays unseen until one happens: a Java agent"
            + " cannot list the objects that already exist";

    private final Instrumentation inst;
    private final ProbeStatus status = new ProbeStatus();
    private final BorrowRecorder recorder;
    private final Modules modules;
    private final PoolFinder finder;
    private final long scanIntervalMillis;
    private final long holderScanIntervalMillis;
    private final long borrowStackThresholdMillis;
    private final long stuckThresholdMillis;
    private final long firstScanDelayMillis;
    private final Map<PoolTracker, ObjectName> registered = new IdentityHashMap<PoolTracker, ObjectName>();
    private final Map<PoolTracker, String> names = new IdentityHashMap<PoolTracker, String>();
    private volatile Thread scanner;
    private volatile boolean scanRequested;
    private volatile HikariTransformer transformer;
    /** Other pool libraries (DBCP2, Tomcat JDBC, Agroal, ...): their readers, and their transformer. */
    private final PoolAdapters adapters = new PoolAdapters();
    private final Map<PoolTracker, PoolSource> otherSources = new IdentityHashMap<PoolTracker, PoolSource>();
    private volatile PoolClassTransformer poolTransformer;
    private final HolderStates holderStates = new HolderStates();
    /** One kernel socket table for every pool's PoolMetrics: a scrape parses /proc/self/net/tcp6 once. */
    private final SharedKernelTcp metricsKernel = new SharedKernelTcp();
    private final ThreadCensus threadCensus;
    private boolean agentRegistered;

    private ProbeRuntime(Instrumentation inst, ProbeOptions options, boolean atStartup) {
        this.inst = inst;
        this.modules = new Modules(inst);
        this.scanIntervalMillis = options.scanIntervalMillis;
        this.holderScanIntervalMillis = Math.min(options.holderScanIntervalMillis, options.scanIntervalMillis);
        this.borrowStackThresholdMillis = options.borrowStackThresholdMillis;
        this.stuckThresholdMillis = options.stuckThresholdMillis;
        // At JVM start, wait a moment before touching JMX: some containers install their own
        // LogManager/MBeanServer builder in main(), and an early platform MBeanServer breaks that.
        this.firstScanDelayMillis = atStartup ? options.startupDelayMillis : 0;
        this.recorder = new BorrowRecorder(new Runnable() {
            @Override
            public void run() {
                wake();
            }
        }, options.leaseSlots, adapters);
        this.threadCensus = new ThreadCensus(ManagementFactory.getThreadMXBean(), new LeaseHolders(recorder),
                options.threadsShown);
        openJdkInternals();
        this.finder = new PoolFinder();
        if (finder.problem != null) {
            status.addMessage("pools without recent borrows may be missed: " + finder.problem);
        }
    }

    /** Called reflectively by {@link ProbeAgent} once the hooks are known to load from the agent jar. */
    public static ProbeRuntime start(Instrumentation inst, boolean atStartup, String bootProblem, String agentArgs) {
        ProbeOptions options = ProbeOptions.parse(agentArgs);
        ProbeRuntime runtime = new ProbeRuntime(inst, options, atStartup);
        runtime.installInstrumentation(options.instrument ? bootProblem : "turned off by the probe option instrument=false");
        runtime.installPoolAdapters();
        runtime.startScanner();
        return runtime;
    }

    /** A second load of the agent into the same JVM: counted, nothing else is installed twice. */
    public void loadedAgain() {
        status.loadCount.incrementAndGet();
        wake();
    }

    private void openJdkInternals() {
        try {
            modules.openToProbe(Thread.class, "java.lang", "java.util", "java.util.concurrent");
            // By name: ProbeClassLoader here is the probe loader's own copy of the class, not the one
            // the system class loader defined and instantiated.
            ClassLoader own = Modules.class.getClassLoader();
            if (own == null || !ProbeClassLoader.class.getName().equals(own.getClass().getName())) {
                status.addMessage("the probe runs in the application's class loader, so java.lang, java.util and"
                        + " java.util.concurrent are opened to the whole class path's unnamed module, not to the probe alone");
            }
        } catch (Throwable t) {
            status.addMessage("could not open java.base to the probe: " + t);
        }
    }

    private void installInstrumentation(String bootProblem) {
        if (bootProblem != null) {
            status.instrumentationRefused(bootProblem);
            return;
        }
        if (!inst.isRetransformClassesSupported()) {
            status.instrumentationRefused("this JVM does not allow retransforming classes");
            return;
        }
        ProbeListener inEffect = ProbeHooks.install(recorder);
        if (inEffect != recorder) {
            status.instrumentationRefused("another copy of the probe already owns the hooks");
            return;
        }
        HikariTransformer transformer = new HikariTransformer(ProbeHooks.class, modules);
        inst.addTransformer(transformer, true);
        try {
            List<Class<?>> loaded = new ArrayList<Class<?>>();
            for (Class<?> c : inst.getAllLoadedClasses()) {
                String internal = c.getName().replace('.', '/');
                if (HikariClassRewriter.isTarget(internal) && inst.isModifiableClass(c)) {
                    modules.prepareHikariModule(c, ProbeHooks.class);
                    loaded.add(c);
                }
            }
            if (!loaded.isEmpty()) {
                inst.retransformClasses(loaded.toArray(new Class<?>[0]));
            }
            if (!transformer.failures().isEmpty()) {
                throw new IllegalStateException(transformer.failures().toString());
            }
            status.instrumentationActive();
            this.transformer = transformer;
        } catch (Throwable t) {
            inst.removeTransformer(transformer);
            status.instrumentationRefused(String.valueOf(t.getMessage() != null ? t.getMessage() : t));
        }
    }

    /**
     * Hooks the borrow and return paths of the other pool libraries (the first borrow after this
     * also reveals their pools). Only when HikariCP's instrumentation is in effect: both need the
     * bootstrap hooks and retransformation.
     */
    private void installPoolAdapters() {
        if (!status.instrumented()) {
            return;
        }
        PoolClassTransformer t = new PoolClassTransformer(ProbeHooks.class, adapters.all());
        inst.addTransformer(t, true);
        try {
            List<Class<?>> loaded = new ArrayList<Class<?>>();
            for (Class<?> c : inst.getAllLoadedClasses()) {
                if (t.isTarget(c.getName()) && inst.isModifiableClass(c)) {
                    loaded.add(c);
                }
            }
            if (!loaded.isEmpty()) {
                inst.retransformClasses(loaded.toArray(new Class<?>[0]));
            }
            poolTransformer = t;
            status.addMessage(OTHERS_FOUND_LATER);
        } catch (Throwable e) {
            inst.removeTransformer(t);
            status.addMessage("pools other than HikariCP not instrumented: " + e);
        }
    }

    private void startScanner() {
        Thread t = new Thread(new Runnable() {
            @Override
            public void run() {
                scanLoop();
            }
        }, "poolscope-probe-scanner");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        scanner = t;
        t.start();
    }

    private void wake() {
        scanRequested = true; // a pool's first borrow or a second load: register it now, not at the next period
        Thread t = scanner;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    private void scanLoop() {
        if (firstScanDelayMillis > 0) {
            sleepMillis(firstScanDelayMillis);
        }
        long nextScan = System.nanoTime();
        while (true) {
            try {
                if (scanRequested || System.nanoTime() - nextScan >= 0) {
                    scanRequested = false;
                    nextScan = System.nanoTime() + scanIntervalMillis * 1_000_000L;
                    scan();
                } else {
                    observeHolders(false);
                }
            } catch (Throwable t) {
                status.addMessage("scan failed: " + t);
            }
            // Between full scans (pool discovery, registration, pruning) the scanner wakes every
            // holderScanIntervalMillis, but does work then only for pools with connections in use
            // whose borrow it did not see (see observeHolders).
            LockSupport.parkNanos(Math.min(holderScanIntervalMillis * 1_000_000L, Math.max(0, nextScan - System.nanoTime())));
        }
    }

    private static void sleepMillis(long millis) {
        long end = System.nanoTime() + millis * 1_000_000L;
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    /** Finds pools, registers new ones, drops closed ones. Runs on the scanner thread or a JMX thread. */
    synchronized void scan() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        if (!agentRegistered) {
            registerAgent(server);
        }
        for (Object pool : finder.findPools()) {
            recorder.trackerFor(pool);
        }
        for (PoolTracker tracker : recorder.trackers()) {
            Object pool = tracker.pool.get();
            PoolSource other = otherSources.get(tracker);
            boolean shutDown = other != null ? other.isShutDown(pool) : tracker.reader != null && tracker.reader.isShutDown(pool);
            if (pool == null || shutDown) {
                unregister(server, tracker);
                recorder.forget(tracker);
            } else {
                if (!registered.containsKey(tracker)) {
                    register(server, tracker, pool);
                }
                pruneLeases(tracker, pool);
                tracker.armBorrowSitesIfHeldPast(borrowStackThresholdMillis, System.nanoTime());
            }
        }
        observeHolders(true);
        HikariTransformer t = transformer;
        if (t != null) {
            // Classes loaded after the probe: a class left untouched is read-only, say which and why.
            for (String s : t.skipped()) {
                status.addMessage("not instrumented: " + s);
            }
            for (String s : t.failures()) {
                status.addMessage("not instrumented (failed): " + s);
            }
        }
        PoolClassTransformer others = poolTransformer;
        if (others != null) {
            for (String s : others.skipped()) {
                status.addMessage("not instrumented: " + s);
            }
            for (String s : others.failures()) {
                status.addMessage("not instrumented (failed): " + s);
            }
        }
        if (registered.isEmpty()) {
            status.addMessage(NO_POOL_YET);
        } else {
            status.removeMessage(NO_POOL_YET);
        }
    }

    /**
     * Connections in use by a borrow the probe did not see (it began before the probe loaded): notes
     * when each was first seen in use (the in-use lower bound) and looks for its holder through the
     * driver's lock or monitor. On a full scan every pool is looked at; between scans only pools whose
     * last look found such connections, so a pool whose every borrow the probe saw costs nothing here.
     * After the probe loaded every new borrow is seen, so the set of such pools only shrinks. Holders'
     * states (HolderStates) are sampled at the same pace while some lease is held, so a holder that hangs
     * is dated within about holderScanIntervalMillis.
     */
    private synchronized void observeHolders(boolean allPools) {
        boolean leased = false;
        for (PoolTracker tracker : recorder.trackers()) {
            Object pool = tracker.pool.get();
            PoolReader reader = tracker.reader;
            leased |= tracker.leasesHeld() > 0;
            PoolSource other = otherSources.get(tracker);
            AdapterReader adapter = other instanceof AdapterReader ? (AdapterReader) other : null;
            try {
                if (pool != null && reader != null && (allPools || reader.hasUnleasedInUse())) {
                    reader.observeInUse(pool, tracker);
                } else if (pool != null && adapter != null && (allPools || adapter.hasUnleasedInUse())) {
                    adapter.observeInUse(tracker);
                }
            } catch (Throwable t) {
                status.addMessage("could not observe the connections in use: " + t);
            }
        }
        if (allPools || leased) {
            try {
                holderStates.sample(recorder.trackers());
            } catch (Throwable t) {
                status.addMessage("could not sample the threads holding connections: " + t);
            }
        }
    }

    /** Here too, not only when someone reads: with a -javaagent install nobody may ever read. */
    private void pruneLeases(PoolTracker tracker, Object pool) {
        PoolReader reader = tracker.reader;
        if (reader != null) {
            try {
                reader.pruneLeases(pool, tracker);
            } catch (Throwable t) {
                status.addMessage("could not prune the lease table: " + t);
            }
        }
    }

    private void registerAgent(MBeanServer server) {
        try {
            ObjectName name = new ObjectName(AGENT_NAME);
            if (!server.isRegistered(name)) {
                server.registerMBean(this, name);
            }
            TcpSysctls.register(server);
            agentRegistered = true;
        } catch (Exception e) {
            status.addMessage("could not register " + AGENT_NAME + ": " + e);
            agentRegistered = true; // do not retry every scan
        }
    }

    private void register(MBeanServer server, PoolTracker tracker, Object pool) {
        PoolAdapter adapter = adapters.of(pool);
        PoolSource reader;
        boolean instrumented;
        if (adapter != null) {
            reader = otherSources.get(tracker);
            if (reader == null) {
                reader = new AdapterReader(adapter, pool);
                otherSources.put(tracker, reader);
            }
            PoolClassTransformer t = poolTransformer;
            instrumented = t != null && t.instrumented(adapter.kind(), pool.getClass());
        } else {
            reader = hikariReader(tracker, pool);
            HikariTransformer t = transformer;
            instrumented = t != null && t.instrumented(pool.getClass());
        }
        if (reader.isShutDown(pool)) {
            return;
        }
        String base = reader.poolName() == null ? "unnamed" : reader.poolName();
        String name = base;
        for (int n = 2; names.containsValue(name); n++) {
            name = base + " (" + n + ")"; // two pools with one name, e.g. in two class loaders
        }
        try {
            ObjectName objectName = new ObjectName("dev.poolscope:type=PoolProbe,pool=" + ObjectName.quote(name));
            if (server.isRegistered(objectName)) {
                server.unregisterMBean(objectName); // left over from a pool of a copy that is gone
            }
            PoolProbe probe = new PoolProbe(tracker, reader, recorder, status, holderStates, instrumented,
                    borrowStackThresholdMillis);
            server.registerMBean(probe, objectName);
            PoolMetricsNames.register(server, name, new PoolMetrics(probe, stuckThresholdMillis, metricsKernel), status);
            registered.put(tracker, objectName);
            names.put(tracker, name);
        } catch (Exception e) {
            status.addMessage("could not register pool " + name + ": " + e);
            registered.put(tracker, null);
            names.put(tracker, name);
        }
    }

    private PoolReader hikariReader(PoolTracker tracker, Object pool) {
        try {
            modules.prepareHikariModule(pool.getClass(), ProbeHooks.class);
        } catch (Throwable t) {
            status.addMessage("could not open HikariCP's module to the probe: " + t);
        }
        PoolReader reader = tracker.reader;
        if (reader == null) {
            reader = new PoolReader(pool);
            tracker.reader = reader;
        }
        return reader;
    }

    private void unregister(MBeanServer server, PoolTracker tracker) {
        otherSources.remove(tracker);
        ObjectName name = registered.remove(tracker);
        PoolMetricsNames.unregister(server, names.remove(tracker));
        if (name != null) {
            try {
                server.unregisterMBean(name);
            } catch (Exception e) {
                // already gone
            }
        }
    }

    // ---- ProbeAgentMXBean ----

    @Override
    public String getProbeVersion() {
        Package p = ProbeRuntime.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public long getLoadedAtEpochMillis() {
        return status.loadedAtEpochMillis;
    }

    @Override
    public int getLoadCount() {
        return status.loadCount.get();
    }

    @Override
    public String getInstrumentation() {
        return status.instrumentation();
    }

    @Override
    public synchronized String[] getPools() {
        List<String> result = new ArrayList<String>();
        for (String n : names.values()) {
            result.add(n);
        }
        java.util.Collections.sort(result);
        return result.toArray(new String[0]);
    }

    @Override
    public String[] getMessages() {
        List<String> messages = status.messages();
        if (status.loadCount.get() > 1) {
            messages.add("the probe was loaded " + status.loadCount.get() + " times; later loads changed nothing");
        }
        return messages.toArray(new String[0]);
    }

    @Override
    public ThreadSummary getThreadSummary() {
        return threadCensus.read();
    }

    @Override
    public void rescan() {
        scan();
    }
}
