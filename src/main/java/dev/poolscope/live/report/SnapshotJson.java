package dev.poolscope.live.report;

import dev.poolscope.live.BorrowSite;
import dev.poolscope.live.BorrowStats;
import dev.poolscope.live.ConnectionRow;
import dev.poolscope.live.PoolConfig;
import dev.poolscope.live.PoolSnapshot;
import dev.poolscope.attach.TargetInfo;
import dev.poolscope.live.TargetSnapshot;
import dev.poolscope.live.TcpView;
import dev.poolscope.live.threads.ThreadSample;
import dev.poolscope.attach.ProbeStatus;
import dev.poolscope.live.ThreadCounts;
import dev.poolscope.live.diagnosis.Diagnoses;
import dev.poolscope.live.diagnosis.Diagnosis;
import dev.poolscope.live.diagnosis.ServerTruth;
import dev.poolscope.live.diagnosis.ServerView;
import dev.poolscope.live.threads.DeadlockGroup;
import dev.poolscope.live.threads.Headline;
import dev.poolscope.live.headline.HeadlineWriter;
import dev.poolscope.live.threads.ThreadAnalysis;
import dev.poolscope.live.threads.ThreadCategory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of {@code poolscope snapshot --json}, as design.md fixes it: these names stay; fields
 * are added freely. Times are milliseconds; a field that does not apply is null.
 */
public final class SnapshotJson {

    private SnapshotJson() {
    }

    public static String write(TargetSnapshot s) {
        return Json.write(toMap(s));
    }

    public static String write(TargetSnapshot s, ServerTruth server) {
        return Json.write(toMap(s, server));
    }

    public static Map<String, Object> toMap(TargetSnapshot s) {
        return toMap(s, ServerTruth.notAsked(ServerTruth.NO_CREDENTIALS));
    }

    public static Map<String, Object> toMap(TargetSnapshot s, ServerTruth server) {
        Diagnoses diagnoses = Diagnoses.of(s.pools(), server, s.capturedAt().toEpochMilli());
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("capturedAtEpochMillis", s.capturedAt().toEpochMilli());
        root.put("target", target(s.target()));
        root.put("server", serverSummary(s, server));
        List<Object> pools = new ArrayList<>();
        for (PoolSnapshot p : s.pools()) {
            pools.add(pool(p, server, diagnoses));
        }
        root.put("pools", pools);
        root.put("poolsUnavailableReason", s.pools().isEmpty() && s.target().probe() != ProbeStatus.LOADED
                ? TargetSnapshot.NO_POOLS_WITHOUT_PROBE : null);
        List<Object> threads = new ArrayList<>();
        for (ThreadSample t : s.threads()) {
            threads.add(thread(t, s.threadAnalysis()));
        }
        root.put("threads", threads);
        root.put("threadsUnavailableReason", s.threadsUnavailableReason());
        ThreadCounts counts = s.threadCounts();
        if (counts == null) {
            root.put("threadCounts", null);
        } else {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("source", "ThreadMXBean attributes");
            c.put("live", counts.live());
            c.put("daemon", counts.daemon());
            c.put("peak", counts.peak());
            c.put("totalStarted", counts.totalStarted());
            root.put("threadCounts", c);
        }
        ThreadAnalysis analysis = s.threadAnalysis();
        if (analysis != null) {
            Headline h = HeadlineWriter.write(analysis, diagnoses);
            Map<String, Object> headline = new LinkedHashMap<>();
            headline.put("severity", h.severity().name().toLowerCase(java.util.Locale.ROOT));
            headline.put("problem", h.problem());
            headline.put("explanation", h.explanation());
            headline.put("setting", h.setting());
            root.put("headline", headline);
            root.put("stuckThresholdMillis", analysis.policy().threshold().toMillis());
            root.put("threadSummary", threadSummary(analysis));
            List<Object> deadlocks = new ArrayList<>();
            for (DeadlockGroup g : analysis.deadlocks()) {
                deadlocks.add(Map.of("threadIds", g.threadIds(), "threadNames", g.threadNames()));
            }
            root.put("deadlocks", deadlocks);
        }
        return root;
    }

    /**
     * Counts per category of every live thread, and where they were classified: "probe" (in the target;
     * {@code threads} then lists only the threads that matter, {@code notShown} more beyond the probe's
     * limit) or "ThreadMXBean" (every thread read and classified here; {@code threads} lists them all).
     */
    private static Map<String, Object> threadSummary(ThreadAnalysis a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", a.totals() != null ? a.totals().source() : "ThreadMXBean");
        m.put("total", a.totalThreads());
        for (ThreadCategory c : ThreadCategory.values()) {
            m.put(c.jsonName(), a.count(c));
        }
        m.put("listed", a.threads().size());
        m.put("notShown", a.totals() != null ? a.totals().notShown() : 0);
        return m;
    }

    private static Map<String, Object> target(TargetInfo t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", t.pid());
        m.put("displayName", t.displayName());
        m.put("jvmVersion", t.jvmVersion());
        m.put("address", t.address());
        m.put("probe", t.probe().jsonName());
        m.put("probeMessage", t.probeMessage());
        return m;
    }

    /** Whether the server was asked, and what it said beyond single connections: ghosts and orphans (null when not asked). */
    private static Map<String, Object> serverSummary(TargetSnapshot s, ServerTruth server) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("asked", server.asked());
        m.put("unavailableReason", server.notAskedReason());
        if (!server.asked()) {
            m.put("ghosts", null);
            m.put("orphans", null);
            return m;
        }
        List<Object> ghosts = new ArrayList<>();
        for (ServerTruth.Ghost g : server.ghosts(s.pools())) {
            Map<String, Object> gm = new LinkedHashMap<>();
            gm.put("pool", g.pool());
            gm.put("connectionId", g.connectionId());
            gm.put("backendPid", g.backendPid());
            ghosts.add(gm);
        }
        m.put("ghosts", ghosts);
        List<Object> orphans = new ArrayList<>();
        for (ServerTruth.Orphan o : server.orphans()) {
            Map<String, Object> om = new LinkedHashMap<>();
            om.put("pid", o.pid());
            om.put("application", o.application());
            om.put("clientAddress", o.clientAddress());
            om.put("state", o.state());
            om.put("query", o.query());
            orphans.add(om);
        }
        m.put("orphans", orphans);
        return m;
    }

    private static Map<String, Object> pool(PoolSnapshot p, ServerTruth server, Diagnoses diagnoses) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("kind", p.kind());
        m.put("version", p.version());
        m.put("active", p.active());
        m.put("idle", p.idle());
        m.put("total", p.total());
        m.put("pending", p.pending());
        m.put("instrumented", p.instrumented());
        m.put("config", config(p.config()));
        m.put("libraryConfig", new LinkedHashMap<String, Object>(p.libraryConfig()));
        m.put("borrow", borrow(p.borrow()));
        List<Object> rows = new ArrayList<>();
        for (ConnectionRow c : p.connections()) {
            rows.add(connection(c, server, diagnoses.of(p.name(), c.id())));
        }
        m.put("connections", rows);
        m.put("unreadable", p.unreadable());
        m.put("sources", p.sources());
        m.put("absentReasons", p.absentReasons());
        return m;
    }

    private static Map<String, Object> config(PoolConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("maximumPoolSize", c.maximumPoolSize());
        m.put("minimumIdle", c.minimumIdle());
        m.put("idleTimeoutMillis", c.idleTimeoutMillis());
        m.put("maxLifetimeMillis", c.maxLifetimeMillis());
        m.put("keepaliveTimeMillis", c.keepaliveTimeMillis());
        m.put("validationTimeoutMillis", c.validationTimeoutMillis());
        m.put("connectionTimeoutMillis", c.connectionTimeoutMillis());
        m.put("leakDetectionThresholdMillis", c.leakDetectionThresholdMillis());
        m.put("connectionTestQuery", c.connectionTestQuery());
        m.put("jdbcUrl", c.jdbcUrl());
        return m;
    }

    private static Map<String, Object> borrow(BorrowStats b) {
        Map<String, Object> m = new LinkedHashMap<>();
        // Not measured is unknown, not 0 (issue 16.1): null with the reason beside it.
        m.put("count", b.measured() ? b.count() : null);
        m.put("timeouts", b.measured() ? b.timeouts() : null);
        m.put("p50Millis", b.p50Millis());
        m.put("p99Millis", b.p99Millis());
        m.put("maxMillis", b.maxMillis());
        m.put("waiting", b.waiting());
        m.put("p95Millis", b.p95Millis());
        m.put("failures", b.measured() ? b.failures() : null);
        m.put("notMeasuredReason", b.notMeasuredReason());
        if (b.lastMinute() != null) {
            BorrowStats.Window w = b.lastMinute();
            Map<String, Object> lm = new LinkedHashMap<>();
            lm.put("count", w.count());
            lm.put("timeouts", w.timeouts());
            lm.put("p50Millis", w.p50Millis());
            lm.put("p95Millis", w.p95Millis());
            lm.put("p99Millis", w.p99Millis());
            lm.put("maxMillis", w.maxMillis());
            lm.put("spanMillis", w.spanMillis());
            m.put("lastMinute", lm);
        } else {
            m.put("lastMinute", null);
        }
        return m;
    }

    private static Map<String, Object> connection(ConnectionRow c, ServerTruth server, Diagnosis d) {
        Map<String, Object> m = new LinkedHashMap<>();
        boolean held = c.state() == dev.poolscope.live.ConnectionState.IN_USE;
        m.put("id", c.id());
        m.put("state", c.state().jsonName());
        m.put("idleMillis", c.idleMillis());
        m.put("inUseMillis", c.inUseMillis());
        m.put("ageMillis", c.ageMillis());
        m.put("ageExact", c.ageExact());
        m.put("borrowerThread", c.borrowerThread());
        m.put("borrowerThreadId", c.borrowerThreadId());
        m.put("borrowStack", c.borrowStack());
        m.put("runningStatement", c.runningStatement());
        m.put("inUseAtLeastMillis", c.inUseAtLeastMillis());
        m.put("inUseAtMostMillis", c.inUseAtMostMillis());
        m.put("idleSince", c.idleSince());
        BorrowSite site = c.borrowSite();
        m.put("borrowSite", site == null || !site.captured() ? null : site.frames());
        m.put("borrowSiteSource", site == null ? null : site.source());
        m.put("borrowSiteUnknownReason", site != null ? site.unknownReason() : !held ? null
                : c.borrowerThread() != null ? "the target's probe predates borrow-site capture"
                : "the probe did not see the borrow (see holderUnknownReason)");
        m.put("holderSource", held ? c.holderSource() : null);
        m.put("holderUnknownReason", held && c.borrowerThread() == null
                ? "borrowed before the probe was loaded (or without its borrow hook) and no statement is running on it:"
                + " nothing names the holder until a statement runs on it (the driver's lock or monitor names the thread"
                + " inside one) or its next borrow"
                : null);
        m.put("backendPid", c.backendPid());
        m.put("localPort", c.localPort());
        m.put("tcp", tcp(c.tcp()));
        m.put("tcpUnavailableReason", c.tcpUnavailableReason());
        m.put("server", server(server.viewOf(c)));
        m.put("serverUnavailableReason", server.asked() ? null : server.notAskedReason());
        m.put("diagnosis", diagnosis(d));
        return m;
    }

    private static Map<String, Object> tcp(TcpView t) {
        if (t == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", t.state());
        m.put("sendQueueBytes", t.sendQueueBytes());
        m.put("recvQueueBytes", t.recvQueueBytes());
        m.put("timer", t.timer());
        m.put("timerMillis", t.timerMillis());
        m.put("retransmits", t.retransmits());
        m.put("probes", t.probes());
        // Not in /proc/net/tcp: from ss -ti (the kernel's tcp_info) for a local target, else null with the reason.
        m.put("lastReceiveMillis", t.lastReceiveMillis());
        m.put("lastSendMillis", t.lastSendMillis());
        m.put("lastAckMillis", t.lastAckMillis());
        m.put("lastTimesUnavailableReason", t.lastTimesUnavailableReason());
        return m;
    }

    private static Map<String, Object> server(ServerView v) {
        if (v == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", v.state());
        m.put("waitEventType", v.waitEventType());
        m.put("waitEvent", v.waitEvent());
        m.put("queryStartEpochMillis", v.queryStartEpochMillis());
        m.put("xactStartEpochMillis", v.xactStartEpochMillis());
        m.put("blockedBy", v.blockedBy());
        List<Object> blockers = new ArrayList<>();
        for (ServerView.Blocker b : v.blockers()) {
            Map<String, Object> bm = new LinkedHashMap<>();
            bm.put("pid", b.pid());
            bm.put("state", b.state());
            bm.put("application", b.application());
            bm.put("query", b.query());
            bm.put("sinceMillis", b.sinceMillis());
            blockers.add(bm);
        }
        m.put("blockers", blockers);
        return m;
    }

    private static Map<String, Object> diagnosis(Diagnosis d) {
        if (d == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", d.kind().jsonName());
        m.put("summary", d.summary());
        m.put("evidence", d.evidence());
        return m;
    }

    private static Map<String, Object> thread(ThreadSample t, ThreadAnalysis analysis) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("name", t.name());
        m.put("state", t.state());
        m.put("category", t.category().jsonName());
        m.put("stuckMillis", t.stuckMillis());
        m.put("stuckLowerBound", t.stuckLowerBound());
        // Upper bound: null when the state was already there when PoolScope first looked (see stuckAtMostMillis).
        m.put("stuckAtMostMillis", t.stuckAtMostMillis());
        m.put("stuck", analysis != null && analysis.policy().isStuck(t));
        m.put("pool", t.pool());
        m.put("connectionId", t.connectionId());
        m.put("lockInfo", t.lockInfo());
        m.put("lockOwner", t.lockOwner());
        m.put("stack", t.stack());
        return m;
    }
}
