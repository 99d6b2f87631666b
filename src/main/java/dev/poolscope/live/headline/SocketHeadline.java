package dev.poolscope.live.headline;

import dev.poolscope.live.threads.ThreadSample;
import dev.poolscope.live.threads.Headline;
import dev.poolscope.live.headline.HeadlineWriter;
import dev.poolscope.live.PoolLibrary;
import dev.poolscope.live.diagnosis.Diagnoser;
import dev.poolscope.live.diagnosis.Diagnoses;
import dev.poolscope.live.diagnosis.Diagnosis;
import dev.poolscope.live.diagnosis.DiagnosisKind;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The headline for threads stuck in database socket I/O, following their connections' diagnoses.
 * A thread on a socket looks the same whether its connection was dropped, its query is slow or it
 * waits for a lock; only kernel and server evidence tell. Most urgent cause first: a dead peer,
 * a vanished backend, a lost answer, a lock wait, a long query; threads without evidence last,
 * named as such and never as dropped connections.
 */
final class SocketHeadline {

    private static final List<DiagnosisKind> ORDER = List.of(DiagnosisKind.DEAD_PEER, DiagnosisKind.SERVER_GONE,
            DiagnosisKind.LOST_RESPONSE, DiagnosisKind.LOCK_WAIT, DiagnosisKind.LONG_QUERY,
            DiagnosisKind.IDLE_IN_TRANSACTION, DiagnosisKind.HEALTHY, DiagnosisKind.UNKNOWN);

    private SocketHeadline() {
    }

    /**
     * The settings that keep idle connections below a path's idle timeout, in the words of the
     * libraries of these threads' pools: "keepaliveTime and maxLifetime" for HikariCP, "testWhileIdle
     * with timeBetweenEvictionRunsMillis, and maxConnLifetimeMillis" for DBCP2, one clause per library.
     */
    static String idleSettings(List<ThreadSample> threads, Diagnoses diagnoses) {
        java.util.Set<PoolLibrary> libraries = new java.util.TreeSet<>();
        for (ThreadSample t : threads) {
            PoolLibrary l = PoolLibrary.of(diagnoses.kindOf(t.pool()));
            if (l != null) {
                libraries.add(l);
            }
        }
        if (libraries.isEmpty()) {
            libraries.add(PoolLibrary.HIKARI);
        }
        List<String> parts = new ArrayList<>();
        for (PoolLibrary l : libraries) {
            parts.add(libraries.size() == 1 ? l.idleSettingsInWords() : l.kind() + ": " + l.idleSettingsInWords());
        }
        return String.join("; ", parts);
    }

    static Headline write(List<ThreadSample> socket, Diagnoses diagnoses, long waitingNow) {
        Map<DiagnosisKind, List<ThreadSample>> byKind = new EnumMap<>(DiagnosisKind.class);
        Map<DiagnosisKind, Diagnosis> example = new EnumMap<>(DiagnosisKind.class);
        List<ThreadSample> unlinked = new ArrayList<>();
        for (ThreadSample t : socket) {
            Diagnosis d = diagnoses.of(t.pool(), t.connectionId());
            if (d == null) {
                unlinked.add(t);
            } else {
                byKind.computeIfAbsent(d.kind(), k -> new ArrayList<>()).add(t);
                example.putIfAbsent(d.kind(), d);
            }
        }
        DiagnosisKind top = ORDER.stream().filter(byKind::containsKey).findFirst().orElse(null);
        String others = (waitingNow > 0 ? "; " + waitingNow + " waiting for a connection" : "");
        if (top == null) {
            return withoutEvidence(socket, others);
        }
        List<ThreadSample> threads = byKind.get(top);
        Diagnosis d = example.get(top);
        int rest = socket.size() - threads.size();
        String more = rest > 0 ? "; " + rest + " more stuck in socket I/O for other reasons" : "";
        String head = HeadlineWriter.plural(threads.size(), "thread") + " stuck in socket "
                + HeadlineWriter.operations(threads) + " for " + HeadlineWriter.forAtLeast(threads)
                + HeadlineWriter.onPools(threads);
        return switch (top) {
            case DEAD_PEER -> new Headline(Headline.Severity.CRITICAL,
                    head + ": the peer stopped acknowledging (" + d.summary() + ")" + more + others,
                    "The kernel keeps resending data nobody acknowledges: a firewall, NAT or load balancer dropped "
                            + "the flow, or the server's host is gone. TCP gives up after about 15 min on Linux "
                            + "(tcp_retries2), an idle read never. Evidence: " + String.join("; ", d.evidence()),
                    "Set the driver's socketTimeout (pgjdbc: socketTimeout=<seconds>) and tcpKeepAlive=true; set "
                            + idleSettings(threads, diagnoses) + " below the middlebox's idle timeout.");
            case SERVER_GONE -> new Headline(Headline.Severity.CRITICAL,
                    head + ": " + d.summary() + more + others,
                    "The server side of these connections is gone (terminated backend, restart or failover); the "
                            + "driver has not noticed. Evidence: " + String.join("; ", d.evidence()),
                    "Set socketTimeout so a read on a closed backend fails; validation on borrow catches idle ones.");
            case LOST_RESPONSE -> new Headline(Headline.Severity.CRITICAL,
                    head + ": " + d.summary() + more + others,
                    "The server finished and waits for the next query, but the client never got the answer. "
                            + "Evidence: " + String.join("; ", d.evidence()),
                    "Set the driver's socketTimeout (pgjdbc: socketTimeout=<seconds>) so a lost answer fails.");
            case LOCK_WAIT -> new Headline(Headline.Severity.WARNING,
                    head + ": the server says they wait for a lock (" + d.summary() + ")" + more + others,
                    "Not a network problem: another session holds the lock. Evidence: "
                            + String.join("; ", d.evidence()),
                    "End or commit the blocking session; lock_timeout bounds such waits.");
            case LONG_QUERY -> new Headline(Headline.Severity.WARNING,
                    head + ": " + d.summary() + more + others,
                    "Not a dropped connection: the server is executing the query. Evidence: "
                            + String.join("; ", d.evidence()),
                    "statement_timeout bounds queries on the server; check the query plan.");
            default -> new Headline(Headline.Severity.WARNING,
                    head + ": " + d.summary() + more + others,
                    "Evidence: " + String.join("; ", d.evidence()),
                    null);
        };
    }

    /** Hung reads stay critical (they hold connections), but no cause is claimed that nothing shows. */
    private static Headline withoutEvidence(List<ThreadSample> socket, String others) {
        return new Headline(Headline.Severity.CRITICAL,
                HeadlineWriter.plural(socket.size(), "thread") + " stuck in socket " + HeadlineWriter.operations(socket)
                        + " for " + HeadlineWriter.forAtLeast(socket) + HeadlineWriter.onPools(socket) + others,
                "No kernel or server evidence about their connections: a connection dropped silently by a firewall, "
                        + "a slow query and a lock wait look the same from the threads alone.",
                "The kernel view needs the probe on a Linux target; with " + Diagnoser.CREDENTIALS + " PoolScope asks the server. socketTimeout bounds "
                        + "any read.");
    }
}
