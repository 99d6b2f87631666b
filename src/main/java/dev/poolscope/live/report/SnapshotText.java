package dev.poolscope.live.report;

import dev.poolscope.live.ConnectionRow;
import dev.poolscope.live.PoolConfig;
import dev.poolscope.live.PoolSnapshot;
import dev.poolscope.attach.TargetInfo;
import dev.poolscope.live.TargetSnapshot;
import dev.poolscope.live.TcpView;
import dev.poolscope.live.ThreadCounts;
import dev.poolscope.live.diagnosis.Diagnoses;
import dev.poolscope.live.diagnosis.Diagnosis;
import dev.poolscope.live.diagnosis.ServerTruth;
import dev.poolscope.live.threads.ThreadCategory;
import dev.poolscope.live.threads.ThreadSample;
import dev.poolscope.live.threads.DeadlockGroup;
import dev.poolscope.live.threads.Headline;
import dev.poolscope.live.headline.HeadlineWriter;
import dev.poolscope.live.threads.ThreadAnalysis;
import dev.poolscope.text.Durations;

import java.util.Comparator;
import java.util.List;

/** The readable table of {@code poolscope snapshot}: a header per pool, one line per connection. */
public final class SnapshotText {

    private SnapshotText() {
    }

    public static String write(TargetSnapshot s) {
        return write(s, ServerTruth.notAsked(ServerTruth.NO_CREDENTIALS));
    }

    public static String write(TargetSnapshot s, ServerTruth server) {
        Diagnoses diagnoses = Diagnoses.of(s.pools(), server, s.capturedAt().toEpochMilli());
        StringBuilder sb = new StringBuilder();
        TargetInfo t = s.target();
        sb.append("Target  ").append(t.displayName()).append("  (").append(t.address()).append(", Java ")
                .append(t.jvmVersion()).append(")\n");
        sb.append("Probe   ").append(t.probe().jsonName());
        if (t.probeMessage() != null) {
            sb.append(": ").append(t.probeMessage());
        }
        sb.append('\n');
        if (s.threadsUnavailableReason() != null) {
            ThreadCounts c = s.threadCounts();
            sb.append("Threads ");
            if (c != null) {
                sb.append(c.live()).append(" live (").append(c.daemon()).append(" daemon, peak ").append(c.peak())
                        .append("), from ThreadMXBean attributes. ");
            }
            sb.append(s.threadsUnavailableReason()).append('\n');
        }
        server(sb, s, server);
        ThreadAnalysis analysis = s.threadAnalysis();
        if (analysis != null) {
            Headline h = HeadlineWriter.write(analysis, diagnoses);
            sb.append('\n').append(h.severity() == Headline.Severity.OK ? "OK      " : h.severity() == Headline.Severity.WARNING
                    ? "WARNING " : "PROBLEM ").append(h.problem()).append('\n');
            if (h.severity() != Headline.Severity.OK) {
                if (h.explanation() != null && !h.explanation().isBlank()) {
                    sb.append("        ").append(h.explanation()).append('\n');
                }
                if (h.setting() != null && !h.setting().isBlank()) {
                    sb.append("        Change: ").append(h.setting()).append('\n');
                }
            }
        }
        if (s.pools().isEmpty()) {
            sb.append("\nNo connection pools found. ").append(t.probe().jsonName().equals("loaded")
                    ? TargetSnapshot.NO_POOLS_WITH_PROBE + "\n" : TargetSnapshot.NO_POOLS_WITHOUT_PROBE + "\n");
        }
        for (PoolSnapshot p : s.pools()) {
            pool(sb, p, diagnoses);
        }
        if (analysis != null) {
            threads(sb, analysis);
        }
        return sb.toString();
    }

    /** Whether the server was asked; its ghosts (connections without a backend) and orphans (backends without a connection). */
    private static void server(StringBuilder sb, TargetSnapshot s, ServerTruth server) {
        if (!server.asked()) {
            sb.append("Server  ").append(server.notAskedReason()).append('\n');
            return;
        }
        List<ServerTruth.Ghost> ghosts = server.ghosts(s.pools());
        sb.append("Server  asked: ").append(ghosts.isEmpty() ? "every pool connection has its backend"
                        : ghosts.size() + " pool connection(s) without a backend (ghosts)").append("; ")
                .append(server.orphans().isEmpty() ? "no backend of this application outside the pools"
                        : server.orphans().size() + " backend(s) of this application that no pool connection owns (orphans)")
                .append('\n');
        for (ServerTruth.Ghost g : ghosts) {
            sb.append("  ghost: pool \"").append(g.pool()).append("\" connection ").append(g.connectionId())
                    .append(": backend pid ").append(g.backendPid()).append(" no longer exists\n");
        }
        for (ServerTruth.Orphan o : server.orphans()) {
            sb.append("  orphan: backend pid ").append(o.pid()).append(" (").append(o.application()).append(", ")
                    .append(o.clientAddress()).append(", ").append(o.state()).append(")")
                    .append(o.query() == null || o.query().isBlank() ? "" : ": " + o.query().replaceAll("\\s+", " "))
                    .append('\n');
        }
    }

    private static void pool(StringBuilder sb, PoolSnapshot p, Diagnoses diagnoses) {
        PoolConfig c = p.config();
        sb.append("\nPool \"").append(p.name()).append("\"  ").append(p.kind()).append(' ').append(p.version()).append('\n');
        sb.append(String.format("  active %d  idle %d  total %d / max %s  waiting %d%n", p.active(), p.idle(), p.total(),
                c.maximumPoolSize() == null ? "?" : c.maximumPoolSize(), p.pending()));
        sb.append("  idleTimeout ").append(Durations.setting(c.idleTimeoutMillis()))
                .append("  maxLifetime ").append(Durations.setting(c.maxLifetimeMillis()))
                .append("  keepaliveTime ").append(c.keepaliveTimeMillis() != null ? Durations.setting(c.keepaliveTimeMillis())
                        : p.absentReasons().containsKey("config.keepaliveTimeMillis") ? "?" : "n/a")
                .append("  validationTimeout ").append(Durations.setting(c.validationTimeoutMillis()))
                .append("  connectionTimeout ").append(Durations.setting(c.connectionTimeoutMillis())).append('\n');
        if (c.jdbcUrl() != null) {
            sb.append("  url ").append(c.jdbcUrl()).append('\n');
        }
        if (!p.libraryConfig().isEmpty() && !"HikariCP".equals(p.kind())) {
            // The line above uses HikariCP's terms; this one the library's own.
            sb.append("  ").append(p.kind()).append(" settings: ");
            p.libraryConfig().forEach((k, v) -> sb.append(k).append('=').append(v).append("  "));
            sb.append('\n');
        }
        if (p.borrow().p50Millis() != null) {
            sb.append(String.format("  borrow waits: %d borrows, p50 %s, p99 %s, max %s, %d timeouts%n", p.borrow().count(),
                    ms(p.borrow().p50Millis()), ms(p.borrow().p99Millis()), ms(p.borrow().maxMillis()), p.borrow().timeouts()));
        }
        if (!p.borrow().measured()) {
            sb.append("  borrows: waiting ").append(p.borrow().waiting()).append("; counts and wait times ")
                    .append(p.borrow().notMeasuredReason()).append('\n');
        }
        p.sources().forEach((section, source) -> sb.append("  source of ").append(section).append(": ").append(source).append('\n'));
        for (String u : p.unreadable()) {
            sb.append("  note: ").append(u).append('\n');
        }
        List<ConnectionRow> rows = p.connections().stream()
                .sorted(Comparator.comparing((ConnectionRow r) -> r.idleMillis() == null ? -1 : r.idleMillis()).reversed())
                .toList();
        if (!rows.isEmpty()) {
            sb.append(String.format("  %-8s %-9s %-10s %-10s %-11s %s%n", "ID", "STATE", "IDLE", "IN USE", "AGE", "BORROWER"));
            for (ConnectionRow r : rows) {
                sb.append(String.format("  %-8s %-9s %-10s %-10s %-11s %s%n", r.id(), r.state().jsonName(),
                        Durations.elapsed(r.idleMillis()), inUse(r),
                        (r.ageExact() || r.ageMillis() == null ? "" : "~") + Durations.elapsed(r.ageMillis()),
                        r.borrowerThread() == null ? "" : r.borrowerThread()));
                if (r.runningStatement() != null) {
                    sb.append("           running: ").append(r.runningStatement().replaceAll("\\s+", " ")).append('\n');
                }
                sb.append("           ").append(truth(r, diagnoses.of(p.name(), r.id()))).append('\n');
            }
        }
    }

    private static final int MAX_THREADS_LISTED = 25;

    private static void threads(StringBuilder sb, ThreadAnalysis a) {
        List<ThreadSample> stuck = a.stuck().stream()
                .sorted(Comparator.comparing((ThreadSample t) -> t.category().ordinal())
                        .thenComparing(t -> t.stuckMillis() == null ? 0 : -t.stuckMillis()))
                .toList();
        sb.append(String.format("%nThreads  %d in all: %d awaiting a connection, %d in socket I/O under a driver, %d blocked;"
                        + " %d stuck past %s%n", a.totalThreads(), a.count(ThreadCategory.AWAITING_CONNECTION),
                a.count(ThreadCategory.SOCKET_IO), a.count(ThreadCategory.BLOCKED), stuck.size(),
                Durations.setting(a.policy().threshold().toMillis())));
        if (a.totals() != null && a.totals().notShown() > 0) {
            sb.append("  ").append(a.totals().notShown()).append(" more threads that matter were counted in the target"
                    + " but not listed (the probe lists at most ").append(a.totals().shownLimit()).append(")\n");
        }
        for (DeadlockGroup g : a.deadlocks()) {
            sb.append("  DEADLOCK between ").append(String.join(", ", g.threadNames())).append('\n');
        }
        if (stuck.isEmpty()) {
            return;
        }
        sb.append(String.format("  %-20s %-11s %-26s %-10s %s%n", "CATEGORY", "STUCK FOR", "THREAD", "POOL/CONN", "AT"));
        for (ThreadSample t : stuck.subList(0, Math.min(stuck.size(), MAX_THREADS_LISTED))) {
            String where = t.stack().isEmpty() ? "" : t.stack().get(0);
            String conn = t.pool() == null ? "" : t.pool() + (t.connectionId() == null ? "" : "/" + t.connectionId());
            sb.append(String.format("  %-20s %-11s %-26s %-10s %s%n", t.category().jsonName(),
                    (t.stuckLowerBound() ? "≥" : "") + Durations.elapsed(t.stuckMillis()), clip(t.name(), 26), conn, where));
        }
        if (stuck.size() > MAX_THREADS_LISTED) {
            sb.append("  … and ").append(stuck.size() - MAX_THREADS_LISTED).append(" more (use --json for all)\n");
        }
    }

    /** One compact line: backend pid, kernel view of the socket, diagnosis. */
    private static String truth(ConnectionRow r, Diagnosis d) {
        TcpView t = r.tcp();
        String kernel = t == null ? r.tcpUnavailableReason()
                : "tcp " + t.state() + " unacked " + t.sendQueueBytes() + " B, timer " + t.timer()
                + ", retransmits " + t.retransmits() + ", probes " + t.probes() + t.lastTimesText();
        String bounds = r.inUseMillis() != null || r.inUseAtMostMillis() == null ? ""
                : "in use ≥ " + Durations.elapsed(r.inUseAtLeastMillis()) + ", ≤ " + Durations.elapsed(r.inUseAtMostMillis())
                + " (borrowed before the probe)  ";
        return bounds + "pid " + (r.backendPid() == null ? "?" : r.backendPid()) + " port "
                + (r.localPort() == null ? "?" : r.localPort()) + "  " + kernel
                + (d == null ? "" : "  => " + d.kind().jsonName() + ": " + d.summary());
    }

    /** Exact when the probe saw the borrow; "≥ lower bound" for a borrow older than the probe. */
    private static String inUse(ConnectionRow r) {
        if (r.inUseMillis() == null && r.inUseAtLeastMillis() != null) {
            return "≥" + Durations.elapsed(r.inUseAtLeastMillis());
        }
        return Durations.elapsed(r.inUseMillis());
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static String ms(Double v) {
        return v == null ? "-" : String.format(java.util.Locale.ROOT, "%.1f ms", v);
    }
}
