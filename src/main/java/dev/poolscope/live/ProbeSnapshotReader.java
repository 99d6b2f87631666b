package dev.poolscope.live;

import dev.poolscope.attach.TargetConnection;
import dev.poolscope.live.threads.StuckPolicy;
import dev.poolscope.live.threads.TargetThreads;
import dev.poolscope.live.threads.ThreadAccess;
import dev.poolscope.live.threads.ThreadAnalysis;
import dev.poolscope.live.threads.ThreadDumpSource;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Reads every pool of a target into a {@link TargetSnapshot}: from the PoolScope probe's MBeans
 * (docs/probe-mxbean.md) when it is loaded, else from HikariCP's own MBeans when the service
 * registered them (registerMbeans=true), which give counts but no per-connection view.
 *
 * <p>Threads are paced by default ({@link ThreadReadPacer}): pools are read on every poll, threads only
 * when their last read is {@value ThreadReadPacer#COST_FACTOR} × its cost old; in between a snapshot
 * carries the last thread read again and says so in {@link TargetSnapshot#threadPacing()}.
 */
public final class ProbeSnapshotReader implements SnapshotSource {

    static final String PROBE_POOLS = "dev.poolscope:type=PoolProbe,*";
    static final String[] POOL_ATTRIBUTES = {"PoolName", "Kind", "LibraryVersion", "Instrumented", "Unreadable", "Snapshot",
        "LibraryConfig"};

    private final Clock clock;
    private final SocketStats socketStats;
    private final boolean readThreads;
    private final boolean paceThreads;
    private volatile StuckPolicy stuckPolicy = StuckPolicy.DEFAULT;
    /** Thread analysis keeps first-seen times between polls, so one per connection. */
    private final Map<TargetConnection, PacedThreads> threadsByConnection = new WeakHashMap<>();

    /**
     * One connection's thread reader, its pacer and the last analysis, shown again on polls the pacer
     * skips. Touched by that connection's poller thread only (the map itself is guarded).
     */
    private static final class PacedThreads {
        final TargetThreads threads;
        final ThreadReadPacer pacer;
        ThreadAnalysis last;

        PacedThreads(TargetThreads threads, ThreadReadPacer pacer) {
            this.threads = threads;
            this.pacer = pacer;
        }
    }

    /**
     * @param readThreads false to skip the thread read (each one costs the target a dump of top
     *                    frames; about 2 s for 5,000 threads over loopback RMI)
     */
    public ProbeSnapshotReader(Clock clock, boolean readThreads) {
        this(clock, readThreads, true);
    }

    /**
     * @param paceThreads false to read threads on every poll whatever a read costs (watch
     *                    --threads-every-poll); true, the default, spaces them ({@link ThreadReadPacer})
     */
    public ProbeSnapshotReader(Clock clock, boolean readThreads, boolean paceThreads) {
        this(clock, readThreads, paceThreads, new SocketStats());
    }

    /** @param socketStats reads ss's times of a local target's sockets */
    ProbeSnapshotReader(Clock clock, boolean readThreads, boolean paceThreads, SocketStats socketStats) {
        this.socketStats = socketStats;
        this.clock = clock;
        this.readThreads = readThreads;
        this.paceThreads = paceThreads;
    }

    public ProbeSnapshotReader() {
        this(Clock.systemUTC(), true);
    }

    /** Why a remote target's sockets have no ss times. */
    static final String REMOTE_NO_SS = "last send/receive/ack times: ss runs on PoolScope's machine, and this target is remote";

    /**
     * Adds ss's last send/receive/ack times to the kernel view of each socket, for a local target
     * (same machine and network namespace: PoolScope refuses local targets in another one). One ss
     * run per read, and only when some socket has a kernel view to add to.
     */
    List<PoolSnapshot> withSocketTimes(List<PoolSnapshot> pools, dev.poolscope.attach.TargetInfo target) {
        boolean anyTcp = pools.stream().anyMatch(p -> p.connections().stream().anyMatch(c -> c.tcp() != null));
        if (!anyTcp) {
            return pools;
        }
        boolean local = target.address() == null || target.address().equals("pid " + target.pid());
        java.util.Set<Integer> ports = new java.util.HashSet<>();
        pools.forEach(p -> p.connections().forEach(c -> {
            if (c.tcp() != null && c.localPort() != null) {
                ports.add(c.localPort());
            }
        }));
        SocketStats.Reading reading = local ? socketStats.read(ports) : null;
        List<PoolSnapshot> out = new ArrayList<>(pools.size());
        for (PoolSnapshot p : pools) {
            List<ConnectionRow> rows = new ArrayList<>(p.connections().size());
            for (ConnectionRow c : p.connections()) {
                if (c.tcp() == null) {
                    rows.add(c);
                } else if (reading == null) {
                    rows.add(c.withTcp(c.tcp().withLastTimes(null, REMOTE_NO_SS)));
                } else {
                    rows.add(c.withTcp(c.tcp().withLastTimes(reading.of(c.localPort()), reading.reasonFor(c.localPort()))));
                }
            }
            out.add(p.withConnections(rows));
        }
        return out;
    }

    /** Changes when a thread counts as stuck, from the next poll on. */
    public void setStuckPolicy(StuckPolicy policy) {
        this.stuckPolicy = policy;
        synchronized (threadsByConnection) {
            threadsByConnection.values().forEach(t -> t.threads.setPolicy(policy));
        }
    }

    @Override
    public TargetSnapshot read(TargetConnection connection) throws Exception {
        return read(connection, false);
    }

    /** F5 / refresh now: the threads are read whatever the pacer says. */
    @Override
    public TargetSnapshot readFresh(TargetConnection connection) throws Exception {
        return read(connection, true);
    }

    private TargetSnapshot read(TargetConnection connection, boolean fresh) throws Exception {
        MBeanServerConnection mbs = connection.mbeans();
        Map<String, Object> rawByPool = new HashMap<>();
        List<PoolSnapshot> pools = new ArrayList<>(withSocketTimes(readProbePools(mbs, rawByPool), connection.info()));
        if (pools.isEmpty()) {
            pools.addAll(HikariMBeans.read(mbs, connection.info().probeMessage()));
        }
        pools.sort(Comparator.comparing(PoolSnapshot::name));
        if (!readThreads) {
            return new TargetSnapshot(clock.instant(), connection.info(), pools, List.of(), null, null,
                    "thread reading is switched off for this view");
        }
        PacedThreads paced = threadsOf(connection);
        ThreadAnalysis analysis;
        try {
            analysis = sampleWhenDue(paced, rawByPool, fresh);
        } catch (RuntimeException e) {
            if (!ThreadAccess.isDenied(e)) {
                throw e;
            }
            // A read-only JMX role: keep the pools (attributes) and say what the role prevents (issue 9.4).
            return new TargetSnapshot(clock.instant(), connection.info(), pools, List.of(), null,
                    ThreadCounts.read(mbs), ThreadAccess.READ_ONLY_REASON);
        }
        return new TargetSnapshot(clock.instant(), connection.info(), pools, analysis.threads(), analysis, null, null,
                paceThreads ? paced.pacer.pacing() : null);
    }

    /**
     * A fresh thread read when the pacer says one is due (always the first), else the last one again,
     * under the current stuck policy. Its {@code sampledAt} then says how old the threads are.
     */
    private ThreadAnalysis sampleWhenDue(PacedThreads paced, Map<String, Object> rawByPool, boolean readNow) {
        if (!readNow && paceThreads && paced.last != null && !paced.pacer.due()) {
            return paced.last.withPolicy(stuckPolicy);
        }
        java.time.Instant started = clock.instant();
        ThreadAnalysis fresh = paced.threads.sample(ProbeHints.build(rawByPool, clock.millis()));
        paced.pacer.readEnded(started);
        paced.last = fresh;
        return fresh;
    }

    /** A full jstack-format dump of the connection's target, for export (blocking; add a deadline). */
    public ThreadDumpSource dumpSource(TargetConnection connection) throws IOException {
        return threadsOf(connection).threads.dumpSource();
    }

    private PacedThreads threadsOf(TargetConnection connection) throws IOException {
        synchronized (threadsByConnection) {
            PacedThreads t = threadsByConnection.get(connection);
            if (t == null) {
                t = new PacedThreads(new TargetThreads(connection.mbeans(), clock, stuckPolicy), new ThreadReadPacer(clock));
                threadsByConnection.put(connection, t);
            }
            return t;
        }
    }

    /** @param rawByPool receives each pool's raw Snapshot CompositeData, for the thread hints */
    static List<PoolSnapshot> readProbePools(MBeanServerConnection mbs, Map<String, Object> rawByPool) throws IOException {
        Set<ObjectName> names;
        try {
            names = mbs.queryNames(new ObjectName(PROBE_POOLS), null);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
        List<PoolSnapshot> out = new ArrayList<>();
        for (ObjectName name : names) {
            AttributeList attrs;
            try {
                attrs = mbs.getAttributes(name, POOL_ATTRIBUTES);
            } catch (InstanceNotFoundException e) {
                continue; // The pool closed between query and read.
            } catch (javax.management.ReflectionException e) {
                throw new IOException(e);
            }
            Map<String, Object> values = new HashMap<>();
            for (Attribute a : attrs.asList()) {
                values.put(a.getName(), a.getValue());
            }
            PoolSnapshot pool = fromProbe(values);
            if (values.get("Snapshot") != null) {
                rawByPool.put(pool.name(), values.get("Snapshot"));
            }
            out.add(pool);
        }
        return out;
    }

    static PoolSnapshot fromProbe(Map<String, Object> values) {
        CompositeData snap = values.get("Snapshot") instanceof CompositeData cd ? cd : null;
        String name = String.valueOf(values.getOrDefault("PoolName", "?"));
        List<String> unreadable = new ArrayList<>(OpenData.strings(values.get("Unreadable")));
        if (snap == null) {
            unreadable.add("the probe did not return a snapshot of this pool");
        }
        List<ConnectionRow> rows = new ArrayList<>();
        for (CompositeData c : OpenData.composites(snap, "connections")) {
            rows.add(connection(c));
        }
        return new PoolSnapshot(
                name,
                String.valueOf(values.getOrDefault("Kind", "HikariCP")),
                String.valueOf(values.getOrDefault("LibraryVersion", "unknown")),
                OpenData.count(snap, "active"),
                OpenData.count(snap, "idle"),
                OpenData.count(snap, "total"),
                OpenData.count(snap, "pending"),
                config(OpenData.composite(snap, "config")),
                borrow(OpenData.composite(snap, "borrow"), OpenData.count(snap, "pending")),
                rows,
                Boolean.TRUE.equals(values.get("Instrumented")),
                unreadable,
                java.util.Map.of(),
                java.util.Map.of(),
                libraryConfig(OpenData.strings(values.get("LibraryConfig"))));
    }

    /** The probe's {@code name=value} lines (absent from older probes: empty). */
    static java.util.Map<String, String> libraryConfig(List<String> lines) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return m;
    }

    static ConnectionRow connection(CompositeData c) {
        return new ConnectionRow(
                OpenData.string(c, "id"),
                ConnectionState.fromJsonName(OpenData.string(c, "state")),
                OpenData.millis(c, "idleMillis"),
                OpenData.millis(c, "inUseMillis"),
                OpenData.millis(c, "ageMillis"),
                OpenData.bool(c, "ageExact"),
                OpenData.string(c, "borrowerThreadName"),
                OpenData.millis(c, "borrowerThreadId"),
                OpenData.strings(OpenData.get(c, "borrowStack")),
                OpenData.string(c, "runningStatement"),
                OpenData.integer(c, "backendPid"),
                OpenData.integer(c, "localPort"),
                tcp(c),
                tcpUnavailableReason(c),
                OpenData.millis(c, "inUseAtLeastMillis"),
                OpenData.millis(c, "inUseAtMostMillis"),
                OpenData.string(c, "idleSince"),
                borrowSite(c),
                holderSource(c));
    }

    /** Null from probes that predate it, or for a connection whose borrow the probe did not see. */
    static BorrowSite borrowSite(CompositeData c) {
        List<String> frames = OpenData.strings(OpenData.get(c, "borrowSite"));
        String source = OpenData.string(c, "borrowSiteSource");
        String reason = OpenData.string(c, "borrowSiteUnknownReason");
        return frames.isEmpty() && source == null && reason == null ? null : new BorrowSite(frames, source, reason);
    }

    /** Probes before the item named only holders they saw borrow. */
    private static String holderSource(CompositeData c) {
        String source = OpenData.string(c, "holderSource");
        if (source != null || OpenData.string(c, "borrowerThreadName") == null) {
            return source;
        }
        return "in_use".equals(OpenData.string(c, "state")) ? "borrow" : null;
    }

    /** Null for probes older than the kernel view, or when the probe could not read it. */
    static TcpView tcp(CompositeData c) {
        String state = OpenData.string(c, "tcpState");
        if (state == null) {
            return null;
        }
        return new TcpView(state, OpenData.millis(c, "tcpSendQueueBytes"), OpenData.millis(c, "tcpRecvQueueBytes"),
                OpenData.string(c, "tcpTimer"), OpenData.millis(c, "tcpTimerMillis"),
                OpenData.integer(c, "tcpRetransmits"), OpenData.integer(c, "tcpProbes"));
    }

    private static String tcpUnavailableReason(CompositeData c) {
        if (OpenData.string(c, "tcpState") != null) {
            return null;
        }
        String reason = OpenData.string(c, "tcpUnavailableReason");
        return reason != null ? reason : ConnectionRow.TCP_NOT_READ_BY_PROBE;
    }

    static PoolConfig config(CompositeData c) {
        if (c == null) {
            return PoolConfig.UNKNOWN;
        }
        return new PoolConfig(
                OpenData.integer(c, "maximumPoolSize"),
                OpenData.integer(c, "minimumIdle"),
                OpenData.millis(c, "idleTimeoutMillis"),
                OpenData.millis(c, "maxLifetimeMillis"),
                OpenData.millis(c, "keepaliveTimeMillis"),
                OpenData.millis(c, "validationTimeoutMillis"),
                OpenData.millis(c, "connectionTimeoutMillis"),
                OpenData.millis(c, "leakDetectionThresholdMillis"),
                OpenData.string(c, "connectionTestQuery"),
                OpenData.string(c, "jdbcUrl"));
    }

    static BorrowStats borrow(CompositeData c, int pending) {
        if (c == null) {
            return BorrowStats.notMeasured(pending, "this probe did not report borrow statistics for the pool");
        }
        Integer waiting = OpenData.integer(c, "waiting");
        CompositeData w = OpenData.composite(c, "lastMinute");
        BorrowStats.Window lastMinute = w == null ? null : new BorrowStats.Window(
                longOrZero(w, "count"), longOrZero(w, "timeouts"), OpenData.doubleValue(w, "p50Millis"),
                OpenData.doubleValue(w, "p95Millis"), OpenData.doubleValue(w, "p99Millis"),
                OpenData.doubleValue(w, "maxMillis"), longOrZero(w, "spanMillis"));
        return new BorrowStats(
                longOrZero(c, "count"),
                longOrZero(c, "timeouts"),
                OpenData.doubleValue(c, "p50Millis"),
                OpenData.doubleValue(c, "p99Millis"),
                OpenData.doubleValue(c, "maxMillis"),
                waiting == null ? pending : waiting,
                OpenData.doubleValue(c, "p95Millis"),
                longOrZero(c, "failures"),
                lastMinute);
    }

    private static long longOrZero(CompositeData c, String key) {
        Long v = OpenData.millis(c, key);
        return v == null ? 0 : v;
    }
}
