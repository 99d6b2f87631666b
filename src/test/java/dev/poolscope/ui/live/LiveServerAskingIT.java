package dev.poolscope.ui.live;

import dev.poolscope.demo.EmbeddedDatabase;
import dev.poolscope.live.ConnectionRow;
import dev.poolscope.live.ConnectionState;
import dev.poolscope.live.PoolConfig;
import dev.poolscope.live.PoolSnapshot;
import dev.poolscope.live.TargetSnapshot;
import dev.poolscope.live.diagnosis.DiagnosisKind;
import dev.poolscope.testing.MutableClock;
import dev.poolscope.ui.SameThreadTaskExecutor;
import dev.poolscope.ui.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11 item 7: the live view's "Ask the server" against a real PostgreSQL. A connection running
 * pg_sleep is a long query on the server's word, a connection opened after the question is not
 * called gone, and a server that cannot be reached is a reason in words.
 */
class LiveServerAskingIT {

    private static EmbeddedDatabase db;
    private static Connection sleeper;
    private static int sleeperPid;
    private static final ExecutorService running = Executors.newSingleThreadExecutor();

    private final MutableClock clock = new MutableClock(Instant.now());

    @BeforeAll
    static void startDatabase() throws Exception {
        db = EmbeddedDatabase.start();
        sleeper = DriverManager.getConnection(db.jdbcUrl() + "?user=postgres&ApplicationName=poolscope-it");
        sleeperPid = sleeper.unwrap(org.postgresql.PGConnection.class).getBackendPID();
        running.submit(() -> {
            try (Statement s = sleeper.createStatement()) {
                s.execute("SELECT pg_sleep(60)");
            }
            return null;
        });
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        running.shutdownNow();
        sleeper.close();
        db.close();
    }

    private static TargetSnapshot snapshot(String jdbcUrl, ConnectionRow... rows) {
        PoolConfig config = new PoolConfig(10, 2, 600_000L, 1_800_000L, 0L, 5_000L, 30_000L, 0L, null, jdbcUrl);
        PoolSnapshot pool = new PoolSnapshot("orders", "HikariCP", "6.3.3", rows.length, 0, rows.length, 0, config,
                null, List.of(rows), true, List.of());
        return new TargetSnapshot(Instant.now(), TestData.target(4242L, "pid 4242"), List.of(pool), List.of());
    }

    private static ConnectionRow inUse(String id, int backendPid) {
        return new ConnectionRow(id, ConnectionState.IN_USE, null, 20_000L, 60_000L, true, "http-7", 7L, List.of(),
                "SELECT pg_sleep(60)", backendPid, null, null, "kernel view not read in this test");
    }

    private static DiagnosisKind kindOf(LiveViewModel vm, String id) {
        return vm.connections().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow().diagnosis().kind();
    }

    @Test
    void aQueryTheServerRunsIsALongQueryAndANewerConnectionIsNotCalledGone() {
        LiveViewModel vm = new LiveViewModel(TestData.target(4242L, "pid 4242"), new SameThreadTaskExecutor(), clock);
        String url = db.jdbcUrl();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            vm.apply(snapshot(url, inUse("c1", sleeperPid)));
            vm.askServer("postgres", "not-needed-here".toCharArray(), null);
            assertThat(vm.serverStatusProperty().get()).startsWith("Server asked at ").contains("as postgres");
            assertThat(kindOf(vm, "c1")).isEqualTo(DiagnosisKind.LONG_QUERY);
        });

        // c2 appears after the question (its backend pid was not asked about): unknown, not server_gone.
        vm.apply(snapshot(url, inUse("c1", sleeperPid), inUse("c2", 999_999)));
        assertThat(kindOf(vm, "c2")).isNotEqualTo(DiagnosisKind.SERVER_GONE);

        // Next question (5 s later): c2's backend does not exist on the server, so now it is gone.
        clock.advance(ServerAsking.EVERY);
        vm.apply(snapshot(url, inUse("c1", sleeperPid), inUse("c2", 999_999)));
        vm.apply(snapshot(url, inUse("c1", sleeperPid), inUse("c2", 999_999)));
        assertThat(kindOf(vm, "c2")).isEqualTo(DiagnosisKind.SERVER_GONE);

        vm.stopAskingServer();
        assertThat(kindOf(vm, "c1")).isNotEqualTo(DiagnosisKind.LONG_QUERY);
        assertThat(vm.serverStatusProperty().get()).startsWith("server view not asked");
        vm.close();
    }

    @Test
    void aServerThatCannotBeReachedIsAReasonWithoutThePassword() {
        LiveViewModel vm = new LiveViewModel(TestData.target(4242L, "pid 4242"), new SameThreadTaskExecutor(), clock);
        vm.apply(snapshot("jdbc:postgresql://127.0.0.1:1/orders", inUse("c1", sleeperPid)));
        vm.askServer("oncall", "pw-s3cret".toCharArray(), null);
        assertThat(vm.serverStatusProperty().get()).startsWith("server view not read").doesNotContain("pw-s3cret");
        assertThat(kindOf(vm, "c1")).isNotEqualTo(DiagnosisKind.SERVER_GONE);
        vm.close();
    }
}
