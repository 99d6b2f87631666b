package dev.poolscope.live.headline;

import dev.poolscope.live.threads.ThreadSample;
import dev.poolscope.live.threads.ThreadCategory;
import dev.poolscope.live.threads.ThreadAnalysis;
import dev.poolscope.live.threads.StuckPolicy;
import dev.poolscope.live.threads.Headline;
import dev.poolscope.live.threads.DeadlockGroup;
import dev.poolscope.live.headline.HeadlineWriter;
import dev.poolscope.live.BorrowStats;
import dev.poolscope.live.ConnectionRow;
import dev.poolscope.live.ConnectionState;
import dev.poolscope.live.PoolConfig;
import dev.poolscope.live.PoolSnapshot;
import dev.poolscope.live.TcpView;
import dev.poolscope.live.diagnosis.Diagnoses;
import dev.poolscope.live.diagnosis.ServerTruth;
import dev.poolscope.live.diagnosis.ServerView;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class HeadlineWriterTest {

    private static ThreadSample sample(long id, ThreadCategory c, long stuckMillis, String pool, String connectionId,
                                       String... stack) {
        return new ThreadSample(id, "t" + id, "RUNNABLE", c, stuckMillis, true, pool, connectionId, null, null,
                List.of(stack));
    }

    private static ThreadAnalysis analysis(List<ThreadSample> threads, List<DeadlockGroup> deadlocks) {
        return new ThreadAnalysis(Instant.EPOCH, threads, deadlocks, Set.of(), StuckPolicy.DEFAULT);
    }

    private static final TcpView ACKED = new TcpView("established", 0L, 0L, "none", null, 0, 0);
    private static final TcpView RETRANSMITTING = new TcpView("established", 160L, 0L, "retransmit", 3200L, 6, 0);

    private static List<ThreadSample> socketHangs(int n) {
        List<ThreadSample> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            threads.add(sample(i, ThreadCategory.SOCKET_IO, 61_000 + i * 1000, "orders-db", "c" + i,
                    "sun.nio.ch.Net.poll(Native Method)"));
        }
        return threads;
    }

    /** Connections c0..c(n-1) of pool orders-db, each running a statement, with the given kernel view. */
    private static Diagnoses diagnoses(int n, TcpView tcp, ServerTruth server) {
        return diagnoses("HikariCP", n, tcp, server);
    }

    private static Diagnoses diagnoses(String library, int n, TcpView tcp, ServerTruth server) {
        List<ConnectionRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new ConnectionRow("c" + i, ConnectionState.IN_USE, null, 61_000L, 100_000L, true, "t" + i, (long) i,
                    List.of(), "SELECT export()", 100 + i, 50_000 + i, tcp, tcp == null ? "kernel TCP view is not available on Windows 11" : null));
        }
        PoolSnapshot pool = new PoolSnapshot("orders-db", library, "6.3.3", n, 0, n, 0, PoolConfig.UNKNOWN,
                BorrowStats.waitingOnly(0), rows, true, List.of());
        return Diagnoses.of(List.of(pool), server, 1_000_000L);
    }

    @Test
    void socketHangsOnRetransmittingConnectionsAreDeadPeersWithTheRetransmissionsAndTheSetting() {
        List<ThreadSample> threads = socketHangs(12);
        for (int i = 100; i < 108; i++) {
            threads.add(sample(i, ThreadCategory.AWAITING_CONNECTION, 2_000, null, null));
        }
        Headline h = HeadlineWriter.write(analysis(threads, List.of()), diagnoses(12, RETRANSMITTING,
                ServerTruth.notAsked(ServerTruth.NO_CREDENTIALS)));
        assertThat(h.severity()).isEqualTo(Headline.Severity.CRITICAL);
        assertThat(h.problem()).isEqualTo("12 threads stuck in socket reads for ≥ 1m 01s on pool orders-db: the peer"
                + " stopped acknowledging (160 bytes sent and never acknowledged, retransmitted 6 times: the peer or"
                + " the path to it is gone); 8 waiting for a connection");
        assertThat(h.explanation()).contains("firewall");
        assertThat(h.setting()).contains("socketTimeout").contains("tcpKeepAlive").contains("keepaliveTime");
    }

    @Test
    void aDeadPeerOnADbcp2PoolNamesDbcp2sSettingsNotHikariCPs() {
        Headline h = HeadlineWriter.write(analysis(socketHangs(2), List.of()), diagnoses("DBCP2", 2, RETRANSMITTING,
                ServerTruth.notAsked(ServerTruth.NO_CREDENTIALS)));
        assertThat(h.setting()).contains("socketTimeout")
                .contains("set testWhileIdle with timeBetweenEvictionRunsMillis, and maxConnLifetimeMillis below the"
                        + " middlebox's idle timeout")
                .doesNotContain("keepaliveTime");
    }

    @Test
    void aLongQueryWhoseDataTheKernelSawAcknowledgedIsNeverAnnouncedAsAFirewallDrop() {
        Headline h = HeadlineWriter.write(analysis(socketHangs(1), List.of()), diagnoses(1, ACKED,
                ServerTruth.notAsked(ServerTruth.NO_CREDENTIALS)));
        assertThat(h.severity()).isEqualTo(Headline.Severity.WARNING);
        assertThat(h.problem()).startsWith("1 thread stuck in socket reads for ≥ 1m 01s on pool orders-db: waiting for"
                + " the server's answer; the kernel saw every byte acknowledged, so the connection is alive, not dropped");
        assertThat(h.problem() + h.explanation()).doesNotContain("firewall");
    }

    @Test
    void aLockWaitTheServerReportsNamesTheBlocker() {
        ServerView waiting = new ServerView("active", "Lock", "relation", 990_000L, 990_000L, "UPDATE accounts SET x=1",
                List.of(77), List.of(new ServerView.Blocker(77, "idle in transaction", "psql", "LOCK TABLE accounts", 40_000L)));
        ServerTruth server = new ServerTruth(null, Map.of(100, waiting), List.of());
        Headline h = HeadlineWriter.write(analysis(socketHangs(1), List.of()), diagnoses(1, ACKED, server));
        assertThat(h.severity()).isEqualTo(Headline.Severity.WARNING);
        assertThat(h.problem()).contains("wait for a lock").contains("held by pid 77 (idle in transaction, psql");
        assertThat(h.setting()).contains("lock_timeout");
    }

    @Test
    void aQueryTheServerRunsIsALongQueryWithItsDuration() {
        ServerView running = new ServerView("active", null, null, 988_000L, 988_000L, "SELECT export()", List.of(), List.of());
        Headline h = HeadlineWriter.write(analysis(socketHangs(1), List.of()),
                diagnoses(1, ACKED, new ServerTruth(null, Map.of(100, running), List.of())));
        assertThat(h.problem()).endsWith(": the server is running its query for 12000 ms: SELECT export()");
        assertThat(h.explanation()).startsWith("Not a dropped connection");
    }

    @Test
    void withoutEvidenceSocketHangsAreNotBlamedOnAFirewall() {
        Headline h = HeadlineWriter.write(analysis(socketHangs(2), List.of()));
        assertThat(h.severity()).isEqualTo(Headline.Severity.CRITICAL);
        assertThat(h.problem()).isEqualTo("2 threads stuck in socket reads for ≥ 1m 01s on pool orders-db");
        assertThat(h.explanation()).contains("look the same");
    }

    @Test
    void exhaustedPoolWithoutSocketHangsPointsAtLeaksAndPoolSize() {
        Headline h = HeadlineWriter.write(analysis(List.of(
                sample(1, ThreadCategory.AWAITING_CONNECTION, 15_000, "orders-db", null),
                sample(2, ThreadCategory.AWAITING_CONNECTION, 12_000, "orders-db", null),
                sample(3, ThreadCategory.OTHER, 300_000, "orders-db", "conn-1")), List.of()));
        assertThat(h.problem()).isEqualTo("2 threads waiting for a connection for ≥ 12 s on pool orders-db;"
                + " no thread is hung on a database socket");
        assertThat(h.explanation()).contains("leaked").contains("t3 (orders-db/conn-1)");
        assertThat(h.setting()).contains("leakDetectionThreshold").contains("maximumPoolSize");
    }

    @Test
    void deadlockComesFirstAndNamesTheThreads() {
        Headline h = HeadlineWriter.write(analysis(List.of(
                        sample(1, ThreadCategory.BLOCKED, 20_000, null, null),
                        sample(2, ThreadCategory.BLOCKED, 20_000, null, null),
                        sample(3, ThreadCategory.SOCKET_IO, 90_000, null, null)),
                List.of(new DeadlockGroup(List.of(1L, 2L), List.of("t1", "t2")))));
        assertThat(h.problem()).startsWith("Deadlock: 2 threads (t1, t2) wait for each other's locks");
        assertThat(h.setting()).isNull();
    }

    @Test
    void lockContentionNamesTheOwner() {
        ThreadSample blocked = new ThreadSample(1, "w1", "BLOCKED", ThreadCategory.BLOCKED, 30_000L, true, null, null,
                "java.lang.Object@1", "worker-9 (#9)", List.of());
        Headline h = HeadlineWriter.write(analysis(List.of(blocked), List.of()));
        assertThat(h.problem()).isEqualTo("1 thread blocked on locks for ≥ 30 s, held by worker-9 (#9)");
    }

    @Test
    void shortWaitsAreAWarningAndNothingIsOk() {
        Headline waiting = HeadlineWriter.write(analysis(List.of(
                sample(1, ThreadCategory.AWAITING_CONNECTION, 3_000, null, null)), List.of()));
        Headline ok = HeadlineWriter.write(analysis(List.of(sample(1, ThreadCategory.OTHER, 999_000, null, null)),
                List.of()));
        assertThat(waiting.severity()).isEqualTo(Headline.Severity.WARNING);
        assertThat(waiting.problem()).isEqualTo("1 thread waiting for a connection, for ≥ 3.0 s (seen since PoolScope"
                + " attached; the start was not measured)");
        Headline measured = HeadlineWriter.write(analysis(List.of(new ThreadSample(1, "t1", "WAITING",
                ThreadCategory.AWAITING_CONNECTION, 3_000L, false, "orders-db", null, null, null, List.of())), List.of()));
        assertThat(measured.problem()).isEqualTo("1 thread waiting for a connection, none for longer than 10 s");
        assertThat(ok.severity()).isEqualTo(Headline.Severity.OK);
        assertThat(ok.problem()).startsWith("No stuck threads: 1 thread");
    }


    @Test
    void aSocketReadAlreadyUnderWayWhenPoolScopeLookedIsNeverCalledShort() {
        // First sample: 3 s since attach, no upper bound. It may be a 10-minute hang that began before attach.
        Headline h = HeadlineWriter.write(analysis(List.of(
                sample(1, ThreadCategory.SOCKET_IO, 3_000, "orders-db", "c1", "sun.nio.ch.Net.poll(Native Method)"),
                sample(2, ThreadCategory.OTHER, 999_000, null, null)), List.of()));
        assertThat(h.severity()).isEqualTo(Headline.Severity.WARNING);
        assertThat(h.problem()).isEqualTo("1 thread in database socket I/O for ≥ 3.0 s on pool orders-db: already so"
                + " when PoolScope first looked, so they may be stuck for far longer");
        assertThat(h.problem()).doesNotContain("No stuck").doesNotContain("none");
        assertThat(h.explanation()).contains("not measured").contains("10 s");
    }

    @Test
    void aSocketReadThatBeganBetweenTwoSamplesIsBoundedAndCanBeCalledNotStuck() {
        // Seen elsewhere 4 s ago, in the read now: at most 4 s, below the 10 s threshold.
        ThreadSample bounded = new ThreadSample(1, "t1", "RUNNABLE", ThreadCategory.SOCKET_IO, 1_000L, true,
                "orders-db", "c1", null, null, List.of("sun.nio.ch.Net.poll(Native Method)"), 4_000L);
        Headline h = HeadlineWriter.write(analysis(List.of(bounded), List.of()));
        assertThat(h.severity()).isEqualTo(Headline.Severity.OK);
        assertThat(h.problem()).startsWith("No stuck threads: 1 thread");
    }

    @Test
    void aLockWaitFirstSeenAtAttachIsNotOk() {
        ThreadSample blocked = new ThreadSample(1, "w1", "BLOCKED", ThreadCategory.BLOCKED, 2_000L, true, null, null,
                "java.lang.Object@1", "worker-9 (#9)", List.of());
        Headline h = HeadlineWriter.write(analysis(List.of(blocked), List.of()));
        assertThat(h.severity()).isEqualTo(Headline.Severity.WARNING);
        assertThat(h.problem()).startsWith("1 thread blocked on locks for ≥ 2.0 s: already so when PoolScope first looked");
    }

    @Test
    void aSocketReadIsSettledWhenEveryInUsePoolConnectionWasBorrowedRecently() {
        ConnectionRow held = new ConnectionRow("c1", ConnectionState.IN_USE, null, 400L, 100_000L, true, "t1", 1L,
                List.of(), "SELECT 1", 101, 50_001, ACKED, null);
        PoolSnapshot pool = new PoolSnapshot("orders-db", "HikariCP", "6.3.3", 1, 0, 1, 0, PoolConfig.UNKNOWN,
                null, List.of(held), true, List.of());
        Diagnoses d = Diagnoses.of(List.of(pool), ServerTruth.notAsked(ServerTruth.NO_CREDENTIALS), 0);
        Headline h = HeadlineWriter.write(analysis(List.of(
                sample(1, ThreadCategory.SOCKET_IO, 0, null, null, "sun.nio.ch.Net.poll(Native Method)")), List.of()), d);
        assertThat(h.severity()).isEqualTo(Headline.Severity.OK);
        assertThat(h.problem()).endsWith("(1 in database socket I/O since before PoolScope looked; every in-use pool"
                + " connection was borrowed ≤ 400 ms ago)");

        // A borrow older than the probe with no bound from the pool: nothing settles the read.
        ConnectionRow unbounded = new ConnectionRow("c1", ConnectionState.IN_USE, null, null, 100_000L, true, null, null,
                List.of(), null, 101, 50_001, ACKED, null);
        Diagnoses none = Diagnoses.of(List.of(new PoolSnapshot("orders-db", "HikariCP", "6.3.3", 1, 0, 1, 0,
                PoolConfig.UNKNOWN, null, List.of(unbounded), true, List.of())), ServerTruth.notAsked("x"), 0);
        Headline warning = HeadlineWriter.write(analysis(List.of(
                sample(1, ThreadCategory.SOCKET_IO, 0, null, null, "sun.nio.ch.Net.poll(Native Method)")), List.of()), none);
        assertThat(warning.severity()).isEqualTo(Headline.Severity.WARNING);
        assertThat(warning.problem()).startsWith("1 thread in database socket I/O: already so when PoolScope first looked");
    }
}
