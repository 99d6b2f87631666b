package dev.poolscope.live.report;

import dev.poolscope.live.BorrowSite;
import dev.poolscope.live.BorrowStats;
import dev.poolscope.live.ConnectionRow;
import dev.poolscope.live.ConnectionState;
import dev.poolscope.live.PoolConfig;
import dev.poolscope.live.PoolSnapshot;
import dev.poolscope.attach.ProbeStatus;
import dev.poolscope.attach.TargetInfo;
import dev.poolscope.live.TargetSnapshot;
import dev.poolscope.live.threads.ThreadCategory;
import dev.poolscope.live.threads.ThreadSample;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The snapshot JSON keeps the names design.md fixes. */
class SnapshotJsonTest {

    private static final TargetSnapshot SNAPSHOT = new TargetSnapshot(Instant.ofEpochMilli(1_000),
            new TargetInfo(42L, "app.Main", "17.0.15", "pid 42", ProbeStatus.LOADED, null),
            List.of(new PoolSnapshot("orders \"eu\"", "HikariCP", "5.1.0", 1, 1, 2, 0,
                    new PoolConfig(10, 2, 600_000L, 1_800_000L, null, 5_000L, 30_000L, 0L, null, "jdbc:postgresql://db/orders"),
                    new BorrowStats(12, 1, 0.4, 12.5, 30.0, 0),
                    List.of(new ConnectionRow("c1", ConnectionState.IDLE, 1500L, null, 60_000L, true, null, null),
                            new ConnectionRow("c2", ConnectionState.IN_USE, null, 800L, 60_000L, false, "worker-1", 17L)),
                    true, List.of())),
            List.of(new ThreadSample(17, "worker-1", "RUNNABLE", ThreadCategory.SOCKET_IO, 65_000L, false, "orders \"eu\"", "c2",
                    null, null, List.of("java.net.SocketInputStream.socketRead0(Native Method)"))));

    @Test
    void usesTheContractNamesAndLowerCaseEnums() {
        String json = SnapshotJson.write(SNAPSHOT);
        assertThat(json).contains("\"target\": {", "\"pid\": 42", "\"probe\": \"loaded\"", "\"pools\": [", "\"pending\": 0",
                "\"borrow\": {", "\"p50Millis\": 0.4", "\"p99Millis\": 12.5", "\"maxMillis\": 30", "\"waiting\": 0",
                "\"state\": \"in_use\"", "\"idleMillis\": 1500", "\"inUseMillis\": null", "\"borrowerThread\": \"worker-1\"",
                "\"category\": \"socket_io\"", "\"stuckMillis\": 65000", "\"connectionId\": \"c2\"", "\"keepaliveTimeMillis\": null");
    }

    @Test
    void theBorrowSiteHasItsOwnFieldsBesideTheHoldersStack() {
        ConnectionRow captured = new ConnectionRow("c2", ConnectionState.IN_USE, null, 5_000L, 60_000L, true, "worker-1",
                17L, List.of("app.Idle.park(Idle.java:3)"), null, null, null, null, "not read", null, null, null,
                new BorrowSite(List.of("app.Reports.run(Reports.java:9)"), BorrowSite.PROBE_CAPTURE, null), "borrow");
        ConnectionRow missed = new ConnectionRow("c3", ConnectionState.IN_USE, null, 5_000L, 60_000L, true, "worker-2",
                18L, List.of("app.Idle.park(Idle.java:3)"), null, null, null, null, "not read", null, null, null,
                new BorrowSite(List.of(), null, "borrowed before borrow-site capture was armed"), "borrow");
        PoolSnapshot p = SNAPSHOT.pools().get(0);
        TargetSnapshot s = new TargetSnapshot(SNAPSHOT.capturedAt(), SNAPSHOT.target(),
                List.of(new PoolSnapshot(p.name(), p.kind(), p.version(), 2, 0, 2, 0, p.config(), p.borrow(),
                        List.of(captured, missed), true, List.of())), List.of());
        String json = SnapshotJson.write(s);
        assertThat(json.replaceAll("\\s+", "")).contains("\"borrowStack\":[\"app.Idle.park(Idle.java:3)\"]",
                "\"borrowSite\":[\"app.Reports.run(Reports.java:9)\"]");
        assertThat(json).contains("\"borrowSiteSource\": \"probe_capture\"", "\"borrowSite\": null",
                "\"borrowSiteUnknownReason\": \"borrowed before borrow-site capture was armed\"");
        assertThat(SnapshotJson.write(SNAPSHOT)).as("a probe that predates the capture")
                .contains("\"borrowSiteUnknownReason\": \"the target's probe predates borrow-site capture\"");
    }

    @Test
    void escapesOddPoolNames() {
        assertThat(SnapshotJson.write(SNAPSHOT)).contains("\"name\": \"orders \\\"eu\\\"\"");
    }

    @Test
    void textTableShowsEstimatesWithATilde() {
        String text = SnapshotText.write(SNAPSHOT);
        assertThat(text).contains("Pool \"orders \"eu\"\"").contains("~1m 00s").contains("worker-1");
    }
}
