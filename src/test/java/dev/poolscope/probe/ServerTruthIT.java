package dev.poolscope.probe;

import dev.poolscope.testing.Nft;

import dev.poolscope.attach.JvmConnector;
import dev.poolscope.attach.TargetConnection;
import dev.poolscope.demo.EmbeddedDatabase;
import dev.poolscope.live.ConnectionRow;
import dev.poolscope.live.ConnectionState;
import dev.poolscope.live.ProbeSnapshotReader;
import dev.poolscope.live.TargetSnapshot;
import dev.poolscope.live.diagnosis.Diagnoses;
import dev.poolscope.live.diagnosis.Diagnosis;
import dev.poolscope.live.diagnosis.DiagnosisKind;
import dev.poolscope.live.diagnosis.ServerTruth;
import dev.poolscope.live.report.SnapshotText;
import dev.poolscope.live.server.DbCredentials;
import dev.poolscope.live.server.ServerReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real faults on real connections: a child JVM with HikariCP 6.3.3 against the embedded PostgreSQL,
 * read by the app's own snapshot reader through the real probe, and the server asked with the
 * user's credentials. Each fault must get the diagnosis its evidence supports, and never the
 * "dropped by a firewall" story the pool's view alone would suggest.
 */
@ExtendWith(SharedDatabase.class)
class ServerTruthIT {

    private static final Duration STEP = Duration.ofSeconds(20);
    private static final JvmConnector connector = new JvmConnector();

    @BeforeAll
    static void needsTheProbeJar() {
        assertThat(TargetJvm.PROBE_JAR).exists();
    }

    @AfterAll
    static void closeConnector() {
        connector.close();
    }

    @Test
    void aQueryWaitingForALockHeldByAnotherSessionIsALockWaitNamingTheBlockersPidThroughTheCli() throws Exception {
        try (TargetJvm target = started("locked");
             Connection blocker = session("blocker-session");
             Statement s = blocker.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS poolscope_locked (id int)");
            blocker.setAutoCommit(false);
            s.execute("LOCK TABLE poolscope_locked IN ACCESS EXCLUSIVE MODE");
            int blockerPid = backendPid(s);
            target.send("HOLD reporter");
            target.awaitLine("HELD reporter", STEP);
            target.send("EXEC reporter SELECT count(*) FROM poolscope_locked");
            target.awaitLine("QUERYING reporter", STEP);
            try {
                // PoolScope refuses JVMs younger than 2 s; wait that out instead of failing CLI runs.
                await().atMost(STEP).until(() -> connector.listLocal().stream()
                        .anyMatch(j -> j.pid() == target.pid() && j.attachable()));
                // As the user runs it: a separate CLI process, --db-user, the URL taken from the pool.
                await().atMost(STEP).untilAsserted(() -> {
                    String out = cli("snapshot", "--pid", Long.toString(target.pid()), "--yes", "--db-user",
                            EmbeddedDatabase.USER);
                    assertThat(out).contains("=> lock_wait: waits for a relation lock held by pid " + blockerPid)
                            .contains("blocker-session")
                            .contains("Server  asked")
                            .doesNotContainIgnoringCase("firewall");
                    System.out.println(out);
                });
            } finally {
                blocker.rollback();
            }
            target.awaitLine("DONE reporter", STEP);
        }
    }

    @Test
    void aBorrowedConnectionWhoseBackendWasTerminatedIsServerGoneAndNamedAGhost() throws Exception {
        try (TargetJvm target = started("terminated"); TargetConnection app = attached(target)) {
            target.send("HOLD victim");
            target.awaitLine("HELD victim", STEP);
            ConnectionRow held = inUse(app);
            try (Connection admin = session("admin"); Statement s = admin.createStatement()) {
                assertThat(s.executeQuery("SELECT pg_terminate_backend(" + held.backendPid() + ")").next()).isTrue();
            }
            await().atMost(STEP).untilAsserted(() -> {
                TargetSnapshot snap = new ProbeSnapshotReader().read(app);
                ServerTruth server = askServer(snap);
                assertThat(server.asked()).as(server.notAskedReason()).isTrue();
                Diagnosis d = Diagnoses.of(snap.pools(), server, snap.capturedAt().toEpochMilli())
                        .of("terminated", held.id());
                assertThat(d.kind()).as(d.toString()).isEqualTo(DiagnosisKind.SERVER_GONE);
                assertThat(server.ghosts(snap.pools())).containsExactly(
                        new ServerTruth.Ghost("terminated", held.id(), held.backendPid()));
                assertThat(SnapshotText.write(snap, server)).contains("ghost: pool \"terminated\" connection "
                        + held.id() + ": backend pid " + held.backendPid() + " no longer exists");
            });
        }
    }

    @Test
    void aLongPgSleepIsALongQueryTheServerIsRunning() throws Exception {
        try (TargetJvm target = started("sleeping"); TargetConnection app = attached(target)) {
            target.send("SLEEPQ reporter");
            target.awaitLine("QUERYING reporter", STEP);
            await().atMost(STEP).untilAsserted(() -> {
                TargetSnapshot snap = new ProbeSnapshotReader().read(app);
                ConnectionRow running = inUse(snap);
                ServerTruth server = askServer(snap);
                Diagnosis d = Diagnoses.of(snap.pools(), server, snap.capturedAt().toEpochMilli())
                        .of("sleeping", running.id());
                assertThat(d.kind()).as(d.toString()).isEqualTo(DiagnosisKind.LONG_QUERY);
                assertThat(d.summary()).contains("the server is running its query").contains("pg_sleep");
                assertThat(server.viewOf(running).waitEvent()).isEqualTo("PgSleep");
                assertThat(SnapshotText.write(snap, server)).doesNotContainIgnoringCase("firewall");
            });
        }
    }

    @Test
    void withoutCredentialsTheReasonSaysHowToAskAndABadPortSaysConnectFailedWithoutThePassword() throws Exception {
        try (TargetJvm target = started("unasked"); TargetConnection app = attached(target)) {
            TargetSnapshot snap = new ProbeSnapshotReader().read(app);
            assertThat(SnapshotText.write(snap)).contains("Server  server view not asked: pass --db-user");
            String wrongPort = "jdbc:postgresql://127.0.0.1:1/postgres";
            ServerTruth failed = new ServerReader(new DbCredentials("postgres", "s3cr3t-pw".toCharArray(),
                    wrongPort + "?password=s3cr3t-pw"), Duration.ofSeconds(2)).read(snap.pools());
            assertThat(failed.asked()).isFalse();
            assertThat(failed.notAskedReason()).startsWith("server view not read: connect failed at " + wrongPort)
                    .doesNotContain("s3cr3t-pw");
        }
    }

    @Test
    void aFlowSilentlyDroppedByNftablesIsADeadPeerWithItsRetransmissionsCounted() throws Exception {
        // CI runs as root with nft; elsewhere this test cannot make a kernel-level silent drop.
        assumeTrue(Nft.usable(), "needs root and a working nft to drop one flow's packets");
        try (TargetJvm target = started("dropped"); TargetConnection app = attached(target)) {
            target.send("HOLD victim");
            target.awaitLine("HELD victim", STEP);
            ConnectionRow held = inUse(app);
            // A table of our own, one flow only (client port -> database port), dropped on input: the
            // sender's kernel sees nothing come back, as behind a firewall that forgot the flow.
            String table = "poolscope_it_" + ProcessHandle.current().pid();
            Nft.run("table inet " + table + " {\n chain input {\n  type filter hook input priority 0; policy accept;\n"
                    + "  iif \"lo\" tcp sport " + held.localPort() + " tcp dport " + SharedDatabase.database().port()
                    + " drop\n }\n}\n");
            try {
                target.send("EXEC victim SELECT 1");
                target.awaitLine("QUERYING victim", STEP);
                await().atMost(STEP).untilAsserted(() -> {
                    TargetSnapshot snap = new ProbeSnapshotReader().read(app);
                    ConnectionRow now = snap.pools().get(0).connections().stream()
                            .filter(c -> c.id().equals(held.id())).findFirst().orElseThrow();
                    assertThat(now.tcp()).as(now.tcpUnavailableReason()).isNotNull();
                    assertThat(now.tcp().retransmits()).isPositive();
                    assertThat(now.tcp().sendQueueBytes()).isPositive();
                    // The server, asked too, still calls the backend idle: the kernel's evidence ranks first.
                    ServerTruth server = askServer(snap);
                    Diagnosis d = Diagnoses.of(snap.pools(), server, snap.capturedAt().toEpochMilli())
                            .of("dropped", held.id());
                    assertThat(d.kind()).as(d.toString()).isEqualTo(DiagnosisKind.DEAD_PEER);
                    assertThat(d.summary()).contains("retransmitted " + now.tcp().retransmits() + " times");
                });
            } finally {
                Nft.run("delete table inet " + table + "\n");
            }
        }
    }

    static TargetJvm started(String pool) throws Exception {
        TargetJvm target = TargetJvm.onClassPath("6.3.3", SharedDatabase.jdbcUrlWithCredentials(), pool);
        target.awaitLine("POOLREADY", STEP);
        return target;
    }

    /** Attached with the probe, through the app's own connector (which waits for a JVM to be 2 s old). */
    static TargetConnection attached(TargetJvm target) throws Exception {
        await().atMost(STEP).until(() -> connector.listLocal().stream()
                .anyMatch(j -> j.pid() == target.pid() && j.attachable()));
        TargetConnection c = connector.attach(target.pid(), true);
        await().atMost(STEP).until(() -> !new ProbeSnapshotReader().read(c).pools().isEmpty());
        return c;
    }

    static ConnectionRow inUse(TargetConnection app) throws Exception {
        return await().atMost(STEP).until(() -> inUseOrNull(new ProbeSnapshotReader().read(app)), r -> r != null);
    }

    private static ConnectionRow inUse(TargetSnapshot snap) {
        ConnectionRow r = inUseOrNull(snap);
        assertThat(r).as("a borrowed connection").isNotNull();
        return r;
    }

    private static ConnectionRow inUseOrNull(TargetSnapshot snap) {
        return snap.pools().stream().flatMap(p -> p.connections().stream())
                .filter(c -> c.state() == ConnectionState.IN_USE && c.backendPid() != null).findFirst().orElse(null);
    }

    /** The user's own login; no --db-url, so the URL is the pool's jdbcUrl as the probe read it. */
    static ServerTruth askServer(TargetSnapshot snap) {
        return new ServerReader(new DbCredentials(EmbeddedDatabase.USER, null, null), Duration.ofSeconds(3))
                .read(snap.pools());
    }

    static Connection session(String applicationName) throws Exception {
        return DriverManager.getConnection(SharedDatabase.database().jdbcUrl() + "?user=postgres&ApplicationName="
                + applicationName);
    }

    private static int backendPid(Statement s) throws Exception {
        try (ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static String cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.poolscope.Main"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            out = String.join("\n", r.lines().toList());
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
