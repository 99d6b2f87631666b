package dev.poolscope.live.diagnosis;

import dev.poolscope.live.ConnectionRow;
import dev.poolscope.live.ConnectionState;
import dev.poolscope.live.TcpView;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DiagnoserTest {

    private static final long NOW = 1_000_000L;
    private static final TcpView ACKED = new TcpView("established", 0L, 0L, "none", null, 0, 0);
    private static final TcpView RETRANSMITTING = new TcpView("established", 160L, 0L, "retransmit", 3200L, 5, 0);
    private static final Diagnoser.Server NO_CREDENTIALS = new Diagnoser.NotAsked("no database credentials given");

    @Test
    void unacknowledgedDataBeingRetransmittedIsADeadPeerWithTheRetransmissionsCounted() {
        Diagnosis d = Diagnoser.diagnose(querying(RETRANSMITTING), NO_CREDENTIALS, NOW);
        assertThat(d.kind()).isEqualTo(DiagnosisKind.DEAD_PEER);
        assertThat(d.summary()).contains("160 bytes").contains("retransmitted 5 times");
    }

    @Test
    void unansweredKeepaliveProbesAreADeadPeerEvenOnAnIdleConnection() {
        TcpView probing = new TcpView("established", 0L, 0L, "keepalive", 1000L, 0, 2);
        Diagnosis d = Diagnoser.diagnose(idle(probing), NO_CREDENTIALS, NOW);
        assertThat(d.kind()).isEqualTo(DiagnosisKind.DEAD_PEER);
        assertThat(d.summary()).startsWith("2 keepalive probes unanswered");
    }

    @Test
    void aKeepaliveTimerWithNoProbeOutstandingIsNotADeadPeer() {
        TcpView waiting = new TcpView("established", 0L, 0L, "keepalive", 7000L, 0, 0);
        assertThat(Diagnoser.diagnose(idle(waiting), NO_CREDENTIALS, NOW).kind()).isEqualTo(DiagnosisKind.HEALTHY);
    }

    @Test
    void withoutTheServerAQueryWhoseDataWasAcknowledgedIsNotADroppedConnection() {
        Diagnosis d = Diagnoser.diagnose(querying(ACKED), NO_CREDENTIALS, NOW);
        assertThat(d.kind()).isEqualTo(DiagnosisKind.UNKNOWN);
        assertThat(d.summary()).contains("acknowledged").contains("not dropped");
        assertThat(d.evidence()).last().asString().startsWith("to settle it:").contains("--db-user");
    }

    @Test
    void withoutKernelOrServerNothingIsClaimedAndTheReasonIsKept() {
        ConnectionRow noKernel = row(ConnectionState.IN_USE, "SELECT 1", null, "kernel TCP view is not available on Mac OS X");
        Diagnosis d = Diagnoser.diagnose(noKernel, NO_CREDENTIALS, NOW);
        assertThat(d.kind()).isEqualTo(DiagnosisKind.UNKNOWN);
        assertThat(d.evidence()).contains("kernel TCP view is not available on Mac OS X");
    }

    @Test
    void aSocketTheServerClosedIsServerGone() {
        TcpView closeWait = new TcpView("close_wait", 0L, 1L, "none", null, 0, 0);
        assertThat(Diagnoser.diagnose(idle(closeWait), NO_CREDENTIALS, NOW).kind()).isEqualTo(DiagnosisKind.SERVER_GONE);
    }

    @Test
    void aBackendTheServerNoLongerHasIsServerGone() {
        Diagnosis d = Diagnoser.diagnose(querying(ACKED), new Diagnoser.Gone(), NOW);
        assertThat(d.kind()).isEqualTo(DiagnosisKind.SERVER_GONE);
        assertThat(d.summary()).contains("pid 4711");
    }

    @Test
    void aLockWaitNamesTheBlockersPidWhatItRunsAndForHowLong() {
        ServerView s = new ServerView("active", "Lock", "relation", NOW - 12_000, NOW - 12_000, "LOCK TABLE accounts",
                List.of(99), List.of(new ServerView.Blocker(99, "idle in transaction", "psql", "BEGIN; LOCK accounts", 60_000L)));
        Diagnosis d = Diagnoser.diagnose(querying(ACKED), new Diagnoser.Seen(s), NOW);
        assertThat(d.kind()).isEqualTo(DiagnosisKind.LOCK_WAIT);
        assertThat(d.summary()).isEqualTo("waits for a relation lock held by pid 99 (idle in transaction, psql,"
                + " for 60000 ms: BEGIN; LOCK accounts)");
        assertThat(d.evidence()).anySatisfy(e -> assertThat(e).contains("blocked by pid 99"));
    }

    @Test
    void aQueryTheServerIsRunningIsALongQueryWithItsMeasuredDuration() {
        ServerView s = new ServerView("active", null, null, NOW - 12_000, NOW - 12_000, "SELECT export()", List.of(), List.of());
        Diagnosis d = Diagnoser.diagnose(querying(ACKED), new Diagnoser.Seen(s), NOW);
        assertThat(d.kind()).isEqualTo(DiagnosisKind.LONG_QUERY);
        assertThat(d.summary()).isEqualTo("the server is running its query for 12000 ms: SELECT export()");
    }

    @Test
    void anIdleServerWhileTheClientWaitsIsALostResponse() {
        ServerView s = new ServerView("idle", "Client", "ClientRead", NOW - 30_000, null, "SELECT 1", List.of(), List.of());
        assertThat(Diagnoser.diagnose(querying(ACKED), new Diagnoser.Seen(s), NOW).kind())
                .isEqualTo(DiagnosisKind.LOST_RESPONSE);
    }

    @Test
    void anOpenTransactionWithoutAQueryIsIdleInTransaction() {
        ServerView s = new ServerView("idle in transaction", "Client", "ClientRead", null, NOW - 5_000, null, List.of(), List.of());
        Diagnosis d = Diagnoser.diagnose(row(ConnectionState.IN_USE, null, ACKED, null), new Diagnoser.Seen(s), NOW);
        assertThat(d.kind()).isEqualTo(DiagnosisKind.IDLE_IN_TRANSACTION);
        assertThat(d.summary()).contains("5000 ms");
    }

    @Test
    void retransmissionOutranksWhatTheServerBelieves() {
        ServerView s = new ServerView("idle", null, null, null, null, null, List.of(), List.of());
        assertThat(Diagnoser.diagnose(querying(RETRANSMITTING), new Diagnoser.Seen(s), NOW).kind())
                .isEqualTo(DiagnosisKind.DEAD_PEER);
    }

    @Test
    void anIdleConnectionOnAnAcknowledgedPathIsHealthy() {
        assertThat(Diagnoser.diagnose(idle(ACKED), NO_CREDENTIALS, NOW).kind()).isEqualTo(DiagnosisKind.HEALTHY);
    }

    private static ConnectionRow querying(TcpView tcp) {
        return row(ConnectionState.IN_USE, "SELECT pg_sleep(?)", tcp, null);
    }

    private static ConnectionRow idle(TcpView tcp) {
        return row(ConnectionState.IDLE, null, tcp, null);
    }

    private static ConnectionRow row(ConnectionState state, String sql, TcpView tcp, String reason) {
        return new ConnectionRow("c1", state, null, null, 1000L, true, state == ConnectionState.IN_USE ? "worker" : null,
                null, List.of(), sql, 4711, 50_000, tcp, reason);
    }
}
