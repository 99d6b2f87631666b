package dev.poolscope.ui.live;

import dev.poolscope.live.BorrowStats;
import dev.poolscope.live.PoolConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PoolDetailsRowsTest {

    private static final PoolConfig FROM_MBEANS = new PoolConfig(2, 2, 300_000L, 600_000L, null, 1_000L, 2_000L, 0L, null, null);

    @Test
    void withoutTheProbeTheSettingsSayTheyComeFromHikariConfigMXBean() {
        List<PoolDetails.Row> rows = PoolDetails.settingRows(FROM_MBEANS,
                Map.of("config.keepaliveTimeMillis", "not exposed over JMX without the PoolScope probe"),
                Map.of("config", "HikariConfigMXBean com.zaxxer.hikari:type=PoolConfig (orders)"));
        assertThat(rows).anySatisfy(r -> {
            assertThat(r.key()).isEqualTo("read from");
            assertThat(r.value()).isEqualTo("HikariConfigMXBean");
            assertThat(r.help()).contains("com.zaxxer.hikari:type=PoolConfig (orders)");
        });
        assertThat(rows).anySatisfy(r -> {
            assertThat(r.key()).isEqualTo("keepaliveTime");
            assertThat(r.value()).isEqualTo("not shown without the probe");
        });
    }

    @Test
    void withoutTheProbeTheBorrowRowsGiveTheReasonAndTheWaitingCountsSource() {
        BorrowStats b = BorrowStats.notMeasured(0, BorrowStats.NOT_MEASURED_WITHOUT_PROBE);
        List<PoolDetails.Row> rows = PoolDetails.borrowRows(b, false,
                Map.of("borrow", "not exposed over JMX without the PoolScope probe: HikariCP's MBeans do not count borrows"),
                Map.of("borrow.waiting", "HikariPoolMXBean com.zaxxer.hikari:type=Pool (orders) ThreadsAwaitingConnection"));
        assertThat(rows.get(0).help()).contains("HikariCP's MBeans do not count borrows");
        assertThat(rows.get(1).value()).isEqualTo("0");
        assertThat(rows.get(1).help()).contains("ThreadsAwaitingConnection");
    }

    @Test
    void aProbeViewHasNoSourceRow() {
        assertThat(PoolDetails.settingRows(FROM_MBEANS)).noneSatisfy(r -> assertThat(r.key()).isEqualTo("read from"));
    }
}
