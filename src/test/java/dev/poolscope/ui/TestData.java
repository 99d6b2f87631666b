package dev.poolscope.ui;

import dev.poolscope.live.BorrowStats;
import dev.poolscope.live.ConnectionRow;
import dev.poolscope.live.ConnectionState;
import dev.poolscope.live.PoolConfig;
import dev.poolscope.live.PoolSnapshot;
import dev.poolscope.attach.ProbeStatus;
import dev.poolscope.attach.TargetInfo;
import dev.poolscope.live.TargetSnapshot;

import java.time.Instant;
import java.util.List;

/** Snapshots shaped like the probe's, for view and view-model tests. */
public final class TestData {

    public static final PoolConfig CONFIG = new PoolConfig(10, 2, 600_000L, 1_800_000L, 120_000L,
            5_000L, 30_000L, 0L, null, "jdbc:postgresql://127.0.0.1:5432/orders");

    private TestData() {
    }

    public static TargetInfo target(Long pid, String address) {
        return new TargetInfo(pid, "demo-service", "21.0.2", address, ProbeStatus.LOADED, null);
    }

    public static ConnectionRow idle(String id, long idleMillis, long ageMillis) {
        return new ConnectionRow(id, ConnectionState.IDLE, idleMillis, null, ageMillis, true, null, null);
    }

    public static ConnectionRow inUse(String id, long inUseMillis, long ageMillis, String thread) {
        return new ConnectionRow(id, ConnectionState.IN_USE, null, inUseMillis, ageMillis, true, thread, 41L);
    }

    public static PoolSnapshot pool(String name, List<ConnectionRow> rows) {
        int active = (int) rows.stream().filter(r -> r.state() == ConnectionState.IN_USE).count();
        int idle = (int) rows.stream().filter(r -> r.state() == ConnectionState.IDLE).count();
        return new PoolSnapshot(name, "HikariCP", "6.3.3", active, idle, rows.size(), 0, CONFIG,
                new BorrowStats(1234, 0, 0.4, 12.0, 210.0, 0), rows, true, List.of());
    }

    public static TargetSnapshot snapshot(Instant at, PoolSnapshot... pools) {
        return new TargetSnapshot(at, target(4242L, "pid 4242"), List.of(pools), List.of());
    }
}
