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

    @Test
    void aDbcp2PoolIsShownInItsOwnSettingsNotInHikariCpsWords() {
        java.util.Map<String, String> own = new java.util.LinkedHashMap<>();
        own.put("maxTotal", "8");
        own.put("testWhileIdle", "false");
        own.put("timeBetweenEvictionRunsMillis", "-1");
        dev.poolscope.live.PoolSnapshot dbcp2 = new dev.poolscope.live.PoolSnapshot("orders", "DBCP2", "2.14.0", 0, 8, 8, 0,
                FROM_MBEANS, null, List.of(), true, List.of(), java.util.Map.of(), java.util.Map.of(), own);

        assertThat(PoolDetails.ownTerms(dbcp2)).isTrue();
        assertThat(PoolDetails.libraryRows(dbcp2.kind(), dbcp2.libraryConfig()))
                .extracting(PoolDetails.Row::key, PoolDetails.Row::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("maxTotal", "8"),
                        org.assertj.core.groups.Tuple.tuple("testWhileIdle", "false"),
                        org.assertj.core.groups.Tuple.tuple("timeBetweenEvictionRunsMillis", "-1"));
        assertThat(PoolDetails.libraryRows(dbcp2.kind(), dbcp2.libraryConfig()).get(0).help())
                .isEqualTo("DBCP2's own setting maxTotal, as the probe read it from the pool.");
    }

    @Test
    void aHikariCpPoolKeepsHikariCpsSettingNames() {
        dev.poolscope.live.PoolSnapshot hikari = new dev.poolscope.live.PoolSnapshot("orders", "HikariCP", "6.3.3", 0, 8, 8, 0,
                FROM_MBEANS, null, List.of(), true, List.of(), java.util.Map.of(), java.util.Map.of(),
                java.util.Map.of("maximumPoolSize", "10"));
        assertThat(PoolDetails.ownTerms(hikari)).isFalse();
    }
}
