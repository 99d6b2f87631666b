package dev.poolscope.live.diagnosis;

import dev.poolscope.live.ConnectionRow;
import dev.poolscope.live.ConnectionState;
import dev.poolscope.live.TcpView;
import dev.poolscope.tcpevidence.TcpEvidence;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Decides what is wrong with one connection from the kernel's view of its socket and, when the
 * user gave database credentials, the server's view of its backend. Pure. The kernel's evidence
 * comes first because it is about the path itself: data resent without acknowledgement is a dead
 * path whatever the server believes. Without the server, a query whose data the kernel saw
 * acknowledged is never called a dropped connection: the peer is alive and answering; what it is
 * doing (a long query, a lock, a lost answer) only the server can tell.
 */
public final class Diagnoser {

    /** How the user gives a database login, in the CLI's and the window's words (one text for both). */
    public static final String CREDENTIALS = "database credentials (--db-user on the command line, \"Ask the server…\" in the window)";

    /** What the server said about one backend. */
    public sealed interface Server permits NotAsked, Gone, Seen {
    }

    /** No credentials, or the query failed: the reason in words. */
    public record NotAsked(String reason) implements Server {
    }

    /** The server was asked and has no backend with this pid. */
    public record Gone() implements Server {
    }

    public record Seen(ServerView view) implements Server {
    }

    private Diagnoser() {
    }

    /**
     * @param c              the connection as the probe read it
     * @param server         what the server said about its backend
     * @param nowEpochMillis the snapshot's time, for "running for" figures
     */
    public static Diagnosis diagnose(ConnectionRow c, Server server, long nowEpochMillis) {
        List<String> evidence = new ArrayList<>();
        TcpView tcp = c.tcp();
        if (tcp != null) {
            evidence.add(kernelLine(tcp));
        } else {
            evidence.add(c.tcpUnavailableReason() != null ? c.tcpUnavailableReason() : "kernel TCP view: not read");
        }
        // The kernel-only part of the rule is TcpEvidence's, shared with the probe's per-pool counts.
        String verdict = tcp == null ? null
                : TcpEvidence.kernelVerdict(tcp.state(), tcp.timer(), tcp.sendQueueBytes(), tcp.retransmits(), tcp.probes());
        if (TcpEvidence.DEAD_PEER.equals(verdict) && tcp.retransmitting()) {
            return new Diagnosis(DiagnosisKind.DEAD_PEER, tcp.sendQueueBytes() + " bytes sent and never acknowledged,"
                    + " retransmitted " + tcp.retransmits() + " times: the peer or the path to it is gone", evidence);
        }
        if (TcpEvidence.DEAD_PEER.equals(verdict)) {
            return new Diagnosis(DiagnosisKind.DEAD_PEER, tcp.probes() + " keepalive probes unanswered:"
                    + " the peer or the path to it is gone", evidence);
        }
        if (TcpEvidence.SERVER_GONE.equals(verdict)) {
            return new Diagnosis(DiagnosisKind.SERVER_GONE, "the server closed this connection (socket "
                    + tcp.state() + "); the pool has not noticed yet", evidence);
        }
        boolean inUse = c.state() == ConnectionState.IN_USE;
        boolean statementInFlight = inUse && c.runningStatement() != null;
        if (server instanceof Gone) {
            evidence.add("pg_stat_activity has no backend with pid " + c.backendPid());
            return new Diagnosis(DiagnosisKind.SERVER_GONE, "its server backend (pid " + c.backendPid()
                    + ") no longer exists: terminated or the server restarted", evidence);
        }
        if (server instanceof Seen seen) {
            return fromServer(c, seen.view(), statementInFlight, nowEpochMillis, evidence);
        }
        // The reasons are whole phrases ("server view not asked: pass --db-user", "server view not read: ...").
        evidence.add(server instanceof NotAsked n ? n.reason() : "server view not asked");
        if (statementInFlight) {
            if (tcp != null && tcp.allAcknowledged()) {
                evidence.add("to settle it: give " + CREDENTIALS + " to ask the server whether it runs"
                        + " the query, waits for a lock or already answered");
                return new Diagnosis(DiagnosisKind.UNKNOWN, "waiting for the server's answer; the kernel saw every byte"
                        + " acknowledged, so the connection is alive, not dropped", evidence);
            }
            evidence.add("to settle it: the kernel TCP view (a Linux target) or " + CREDENTIALS);
            return new Diagnosis(DiagnosisKind.UNKNOWN, "waiting for the server's answer; nothing here tells a slow"
                    + " query from a dead connection", evidence);
        }
        if (tcp != null && "established".equals(tcp.state()) && tcp.allAcknowledged()) {
            return new Diagnosis(DiagnosisKind.HEALTHY, inUse ? "held, no statement in flight; the path is up"
                    : "the path is up and everything sent was acknowledged", evidence);
        }
        evidence.add("to settle it: the kernel TCP view (a Linux target) or " + CREDENTIALS);
        return new Diagnosis(DiagnosisKind.UNKNOWN, "no evidence about this connection's path or backend", evidence);
    }

    private static Diagnosis fromServer(ConnectionRow c, ServerView s, boolean statementInFlight, long now,
                                        List<String> evidence) {
        evidence.add(serverLine(c, s, now));
        if ("Lock".equals(s.waitEventType())) {
            String blockers = s.blockers().isEmpty()
                    ? (s.blockedBy().isEmpty() ? "" : " held by pid " + join(s.blockedBy()))
                    : " held by " + s.blockers().stream().map(Diagnoser::blocker).collect(Collectors.joining("; "));
            return new Diagnosis(DiagnosisKind.LOCK_WAIT, "waits for a " + (s.waitEvent() == null ? "" : s.waitEvent()
                    + " ") + "lock" + blockers, evidence);
        }
        if ("active".equals(s.state())) {
            return new Diagnosis(DiagnosisKind.LONG_QUERY, "the server is running its query"
                    + running(s, now) + (s.query() == null ? "" : ": " + s.query()), evidence);
        }
        if (s.state() != null && s.state().startsWith("idle in transaction")) {
            return new Diagnosis(DiagnosisKind.IDLE_IN_TRANSACTION, "a transaction is open and the server waits for"
                    + " the client" + (s.xactStartEpochMillis() == null ? ""
                    : " (transaction open for " + Math.max(0, now - s.xactStartEpochMillis()) + " ms)"), evidence);
        }
        if ("idle".equals(s.state()) && statementInFlight) {
            return new Diagnosis(DiagnosisKind.LOST_RESPONSE, "the server is idle while the client still waits for"
                    + " an answer: the answer was lost on the way", evidence);
        }
        if ("idle".equals(s.state())) {
            return new Diagnosis(DiagnosisKind.HEALTHY, "the server's backend is idle and waits for the next query",
                    evidence);
        }
        evidence.add("to settle it: server state '" + s.state() + "' is not one this diagnosis knows");
        return new Diagnosis(DiagnosisKind.UNKNOWN, "the server reports state " + s.state(), evidence);
    }

    private static String kernelLine(TcpView t) {
        return "kernel: " + t.state() + ", " + t.sendQueueBytes() + " bytes unacknowledged, " + t.recvQueueBytes()
                + " bytes unread, timer " + t.timer() + (t.timerMillis() == null ? "" : " (fires in " + t.timerMillis()
                + " ms)") + ", " + t.retransmits() + " retransmissions, " + t.probes() + " unanswered probes"
                + t.lastTimesText();
    }

    private static String serverLine(ConnectionRow c, ServerView s, long now) {
        return "server: backend " + c.backendPid() + " " + s.state()
                + (s.waitEventType() == null ? "" : ", waiting on " + s.waitEventType() + "/" + s.waitEvent())
                + running(s, now) + (s.blockedBy().isEmpty() ? "" : ", blocked by pid " + join(s.blockedBy()));
    }

    private static String running(ServerView s, long now) {
        return s.queryStartEpochMillis() == null ? ""
                : " for " + Math.max(0, now - s.queryStartEpochMillis()) + " ms";
    }

    private static String blocker(ServerView.Blocker b) {
        return "pid " + b.pid() + " (" + b.state() + (b.application() == null || b.application().isEmpty() ? ""
                : ", " + b.application()) + (b.sinceMillis() == null ? "" : ", for " + b.sinceMillis() + " ms")
                + (b.query() == null ? "" : ": " + b.query()) + ")";
    }

    private static String join(List<Integer> pids) {
        return pids.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
