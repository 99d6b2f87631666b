package dev.poolscope.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poolscope.live.PoolConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class DoctorTest {

    static final OsTcpSettings LINUX_DEFAULTS = new OsTcpSettings(7200, 75, 9, 15, null);
    static final long NLB = 350_000;

    static PoolConfig risky() {
        return new PoolConfig(10, 10, 600_000L, 1_800_000L, 0L, 5_000L, 30_000L, 0L, null,
                "jdbc:postgresql://db:5432/app");
    }

    static PoolConfig tuned() {
        return new PoolConfig(10, 10, 600_000L, 1_800_000L, 60_000L, 5_000L, 30_000L, 0L, null,
                "jdbc:postgresql://db:5432/app?socketTimeout=30&tcpKeepAlive=true");
    }

    static List<Finding> examine(PoolConfig c, OsTcpSettings os, Long path) {
        return new Doctor().examine(DoctorInput.of("p", c, os, path, "--path-idle-timeout"));
    }

    @Test
    void keepaliveOffWithInactiveIdleTimeoutBehindNlbIsCriticalAndRecommendsSixtySeconds() {
        List<Finding> f = examine(risky(), LINUX_DEFAULTS, NLB);
        Finding first = f.get(0);
        assertThat(first.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(first.setting()).isEqualTo("keepaliveTime");
        assertThat(first.currentMillis()).isZero();
        assertThat(first.recommendedMillis()).isEqualTo(60_000);
        assertThat(first.why()).contains("idleTimeout is inactive").contains("30m").contains("5m 50s");
    }

    @Test
    void aKeepaliveThatWasNotReadIsSaidToBeUnknownNotOff() {
        PoolConfig noProbe = new PoolConfig(10, 10, 600_000L, 1_800_000L, null, 5_000L, 30_000L, 0L, null, null);
        List<Finding> f = new Doctor().examine(DoctorInput.of("p", noProbe, LINUX_DEFAULTS, NLB, "--path-idle-timeout",
                "not exposed over JMX without the PoolScope probe (HikariConfigMXBean has no keepaliveTime)"));
        assertThat(f).filteredOn(x -> x.setting().equals("keepaliveTime")).singleElement().satisfies(k -> {
            assertThat(k.severity()).isEqualTo(Severity.INFO);
            assertThat(k.currentMillis()).isNull();
            assertThat(k.recommendedMillis()).isNull();
            assertThat(k.why()).contains("was not read").doesNotContain("is off");
            assertThat(k.evidence()).contains("HikariConfigMXBean has no keepaliveTime");
        });
    }

    @Test
    void tunedPoolGetsNoWarnings() {
        assertThat(examine(tuned(), LINUX_DEFAULTS, NLB)).isEmpty();
    }

    @Test
    void activeIdleTimeoutShorterThanThePathNeedsNoKeepalive() {
        PoolConfig c = new PoolConfig(10, 2, 300_000L, 1_800_000L, 0L, 5_000L, 30_000L, 0L, null,
                "jdbc:postgresql://db/app?socketTimeout=30");
        assertThat(examine(c, LINUX_DEFAULTS, NLB)).isEmpty();
    }

    @Test
    void keepaliveCloseToThePathTimeoutIsAWarning() {
        PoolConfig c = new PoolConfig(10, 10, 600_000L, 1_800_000L, 340_000L, 5_000L, 30_000L, 0L, null,
                "jdbc:postgresql://db/app?socketTimeout=30");
        List<Finding> f = examine(c, LINUX_DEFAULTS, NLB);
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.severity()).isEqualTo(Severity.WARNING);
            assertThat(x.recommendedMillis()).isEqualTo(60_000);
        });
    }

    @Test
    void shortPathGetsKeepaliveAtHalfItsTimeoutButNeverBelowHikarisThirtySeconds() {
        assertThat(examine(risky(), LINUX_DEFAULTS, 100_000L).get(0).recommendedMillis()).isEqualTo(50_000);
        assertThat(examine(risky(), LINUX_DEFAULTS, 40_000L).get(0).recommendedMillis()).isEqualTo(30_000);
    }

    @Test
    void keepaliveNotBelowMaxLifetimeRecommendsALongerLifetime() {
        PoolConfig c = new PoolConfig(10, 10, 600_000L, 60_000L, 60_000L, 5_000L, 30_000L, 0L, null,
                "jdbc:postgresql://db/app?socketTimeout=30");
        Finding f = examine(c, LINUX_DEFAULTS, null).stream()
                .filter(x -> x.setting().equals("maxLifetime")).findFirst().orElseThrow();
        assertThat(f.recommendedMillis()).isGreaterThan(60_000);
    }

    @Test
    void validationTimeoutNotBelowConnectionTimeoutIsAWarning() {
        PoolConfig c = new PoolConfig(10, 10, 600_000L, 1_800_000L, 60_000L, 30_000L, 30_000L, 0L, null,
                "jdbc:postgresql://db/app?socketTimeout=30");
        Finding f = examine(c, LINUX_DEFAULTS, NLB).get(0);
        assertThat(f.setting()).isEqualTo("validationTimeout");
        assertThat(f.recommendedMillis()).isEqualTo(5_000).isLessThan(30_000);
    }

    @Test
    void missingSocketTimeoutQuotesTheTargetsRetransmissionLimit() {
        Finding f = examine(risky(), LINUX_DEFAULTS, NLB).stream()
                .filter(x -> x.setting().equals("driver.socketTimeout")).findFirst().orElseThrow();
        assertThat(f.recommended()).isEqualTo("30"); // pgjdbc counts seconds
        assertThat(f.why()).contains("tcp_retries2=15").contains("15m 24s");
        assertThat(f.asSpringBootProperty())
                .isEqualTo("spring.datasource.hikari.data-source-properties.socketTimeout=30");
    }

    @Test
    void mysqlSocketTimeoutIsInMilliseconds() {
        PoolConfig c = new PoolConfig(10, 10, 600_000L, 1_800_000L, 60_000L, 5_000L, 30_000L, 0L, null,
                "jdbc:mysql://db/app");
        Finding f = examine(c, LINUX_DEFAULTS, NLB).get(0);
        assertThat(f.recommended()).isEqualTo("30000");
        assertThat(DriverProperties.parse("jdbc:mysql://db/app?socketTimeout=2500").millis("socketTimeout"))
                .isEqualTo(2500);
    }

    @Test
    void unreadOsSettingsAreSaidWithTheReason() {
        List<Finding> f = examine(tuned(), OsTcpSettings.notRead("probe not loaded in the target"), NLB);
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.severity()).isEqualTo(Severity.INFO);
            assertThat(x.evidence()).contains("not read").contains("probe not loaded");
        });
    }

    @Test
    void findingsAreRankedCriticalFirst() {
        List<Finding> f = examine(risky(), OsTcpSettings.notRead("no probe"), NLB);
        assertThat(f).extracting(Finding::severity)
                .containsExactly(Severity.CRITICAL, Severity.WARNING, Severity.INFO);
    }

    @Test
    void findingRendersAsHikariAndSpringBootProperty() {
        Finding f = examine(risky(), LINUX_DEFAULTS, NLB).get(0);
        assertThat(f.asHikariProperty()).isEqualTo("keepaliveTime=60000");
        assertThat(f.asSpringBootProperty()).isEqualTo("spring.datasource.hikari.keepalive-time=60000");
    }

    @Test
    void presetsCarryTheirDocumentedTimeoutsAndSources() {
        assertThat(PathPreset.byName("aws-nlb").orElseThrow().idleTimeoutMillis).isEqualTo(350_000);
        assertThat(PathPreset.byName("azure-lb").orElseThrow().idleTimeoutMillis).isEqualTo(240_000);
        assertThat(PathPreset.byName("gcp-nat").orElseThrow().idleTimeoutMillis).isEqualTo(1_200_000);
        assertThat(PathPreset.values()).allSatisfy(p -> assertThat(p.source).startsWith("https://"));
        assertThat(PathPreset.byName("nope")).isEmpty();
    }
}
