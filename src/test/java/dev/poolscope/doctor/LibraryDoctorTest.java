package dev.poolscope.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poolscope.live.PoolConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The doctor speaks each pool library's own settings, never HikariCP's, for pools of other libraries. */
class LibraryDoctorTest {

    private static final long NLB = DoctorTest.NLB;
    private static final String URL_OK = "jdbc:postgresql://db:5432/app?socketTimeout=30";

    /** Common config as the adapters map it: settings a library does not have are -1. */
    private static PoolConfig common(Long keepalive) {
        return new PoolConfig(10, 10, -1L, -1L, keepalive, -1L, 30_000L, -1L, null, URL_OK);
    }

    private static List<Finding> examine(String library, PoolConfig c, Map<String, String> lib, Long path) {
        return new Doctor().examine(DoctorInput.of("p", library, c, lib, DoctorTest.LINUX_DEFAULTS, path,
                "--path-idle-timeout", null));
    }

    @Test
    void dbcp2WithItsDefaultsBehindAnNlbIsToldToSwitchOnTestWhileIdleAndTheEvictorNotHikariKeepalive() {
        // DBCP2's defaults: no evictor (-1), testWhileIdle false.
        List<Finding> f = examine("DBCP2", common(-1L), Map.of("testWhileIdle", "false",
                "timeBetweenEvictionRunsMillis", "-1", "minEvictableIdleTimeMillis", "1800000"), NLB);

        assertThat(f).extracting(Finding::setting).containsExactly("testWhileIdle", "timeBetweenEvictionRunsMillis");
        assertThat(f).extracting(Finding::setting).doesNotContain("keepaliveTime", "maxLifetime", "validationTimeout");
        assertThat(f.get(0).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.get(0).asLibraryProperty()).isEqualTo("testWhileIdle=true");
        assertThat(f.get(0).asSpringBootProperty()).isEqualTo("spring.datasource.dbcp2.test-while-idle=true");
        assertThat(f.get(0).asHikariProperty()).isNull();
        assertThat(f.get(1).recommendedMillis()).isEqualTo(60_000);
        assertThat(f.get(1).asLibraryProperty()).isEqualTo("timeBetweenEvictionRunsMillis=60000");
        assertThat(f.get(1).why()).contains("timeBetweenEvictionRunsMillis is off");
    }

    @Test
    void dbcp2TestingIdleConnectionsWellBelowThePathGetsNoFinding() {
        List<Finding> f = examine("DBCP2", common(-1L), Map.of("testWhileIdle", "true",
                "timeBetweenEvictionRunsMillis", "30000"), NLB);
        assertThat(f).isEmpty();
    }

    @Test
    void dbcp2EvictingIdleConnectionsBeforeThePathNeedsNoTestWhileIdle() {
        List<Finding> f = examine("DBCP2", common(-1L), Map.of("testWhileIdle", "false",
                "timeBetweenEvictionRunsMillis", "30000", "minEvictableIdleTimeMillis", "120000"), NLB);
        assertThat(f).isEmpty();
    }

    @Test
    void tomcatDefaultsRunTheEvictorEveryFiveSecondsButDoNotTestIdleConnections() {
        List<Finding> f = examine("TomcatJDBC", common(-1L), Map.of("testWhileIdle", "false",
                "timeBetweenEvictionRunsMillis", "5000", "minEvictableIdleTimeMillis", "60000"), NLB);
        assertThat(f).extracting(Finding::setting).containsExactly("testWhileIdle");
        assertThat(f.get(0).asSpringBootProperty()).isEqualTo("spring.datasource.tomcat.test-while-idle=true");
    }

    @Test
    void druidWithoutKeepAliveIsToldToSwitchItOnAboveItsShrinkPeriod() {
        List<Finding> f = examine("Druid", common(-1L), Map.of("keepAlive", "false",
                "keepAliveBetweenTimeMillis", "120000", "timeBetweenEvictionRunsMillis", "60000"), 90_000L);
        assertThat(f).extracting(Finding::setting).containsExactly("keepAlive", "keepAliveBetweenTimeMillis");
        // Druid requires keepAliveBetweenTimeMillis > timeBetweenEvictionRunsMillis.
        assertThat(f.get(1).recommendedMillis()).isGreaterThan(60_000);
        assertThat(f.get(1).asSpringBootProperty()).isNull();
    }

    @Test
    void c3p0IsAdvisedInSecondsAsItsPropertiesTakeThem() {
        List<Finding> f = examine("c3p0", common(0L), Map.of(), NLB);
        assertThat(f).extracting(Finding::setting).containsExactly("idleConnectionTestPeriod");
        assertThat(f.get(0).recommendedMillis()).isEqualTo(60_000);
        assertThat(f.get(0).asLibraryProperty()).isEqualTo("c3p0.idleConnectionTestPeriod=60");
        assertThat(f.get(0).asSpringBootProperty()).isNull();
    }

    @Test
    void agroalsBackgroundValidationIsAdvisedAsADuration() {
        List<Finding> f = examine("Agroal", common(600_000L), Map.of(), NLB);
        assertThat(f).extracting(Finding::setting).containsExactly("validationTimeout");
        assertThat(f.get(0).currentMillis()).isEqualTo(600_000);
        assertThat(f.get(0).asLibraryProperty()).isEqualTo("validationTimeout=PT1M");
        assertThat(examine("Agroal", common(30_000L), Map.of(), NLB)).isEmpty();
    }

    @Test
    void viburSaysItHasNoBackgroundTestInsteadOfAnEmptyList() {
        List<Finding> f = examine("Vibur", common(-1L), Map.of("connectionIdleLimitInSeconds", "5"), NLB);
        assertThat(f).hasSize(1);
        assertThat(f.get(0).severity()).isEqualTo(Severity.INFO);
        assertThat(f.get(0).why()).contains("no background task").contains("connectionIdleLimitInSeconds (now 5 s)");
    }

    @Test
    void aDriverSettingOfAnotherLibraryIsAUrlParameterOrItsConnectionProperties() {
        PoolConfig noSocketTimeout = new PoolConfig(10, 10, -1L, -1L, -1L, -1L, 30_000L, -1L, null,
                "jdbc:postgresql://db:5432/app");
        List<Finding> f = examine("DBCP2", noSocketTimeout, Map.of("testWhileIdle", "true",
                "timeBetweenEvictionRunsMillis", "30000"), NLB);
        assertThat(f).extracting(Finding::setting).containsExactly("driver.socketTimeout");
        assertThat(f.get(0).asLibraryProperty()).isEqualTo("socketTimeout=30 (JDBC URL parameter)");
        assertThat(f.get(0).asSpringBootProperty()).isEqualTo("spring.datasource.dbcp2.connection-properties=socketTimeout=30");
    }

    /** UCP 23.26's defaults as its adapter reads them (PoolProperty: all timeouts 0 = off, check every 30 s). */
    private static Map<String, String> ucpDefaults(Map<String, String> overrides) {
        Map<String, String> m = new java.util.LinkedHashMap<>(Map.of("minPoolSize", "1",
                "validateConnectionOnBorrow", "false", "secondsToTrustIdleConnection", "0",
                "inactiveConnectionTimeout", "0", "maxConnectionReuseTime", "0", "timeToLiveConnectionTimeout", "0",
                "abandonedConnectionTimeout", "0", "timeoutCheckInterval", "30", "backgroundValidationInterval", "0",
                "connectionWaitTimeout", "3"));
        m.put("connectionValidationTimeout", "15");
        m.putAll(overrides);
        return m;
    }

    @Test
    void ucpWithItsDefaultsBehindAnNlbIsToldToValidateInTheBackgroundAndOnBorrowInItsOwnSeconds() {
        List<Finding> f = examine("UCP", common(-1L), ucpDefaults(Map.of()), NLB);

        assertThat(f).extracting(Finding::setting)
                .containsExactly("backgroundValidationInterval", "validateConnectionOnBorrow");
        assertThat(f.get(0).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.get(0).currentMillis()).isZero();
        assertThat(f.get(0).recommendedMillis()).isEqualTo(60_000);
        assertThat(f.get(0).asLibraryProperty()).isEqualTo("backgroundValidationInterval=60");
        assertThat(f.get(0).asSpringBootProperty()).isEqualTo("spring.datasource.oracleucp.background-validation-interval=60");
        assertThat(f.get(0).asHikariProperty()).isNull();
        assertThat(f.get(0).why()).contains("backgroundValidationInterval is off (0, UCP's default)")
                .contains("maxConnectionReuseTime is off").contains("inactiveConnectionTimeout is off")
                .contains("no TCP keepalive of its own");
        assertThat(f.get(1).severity()).isEqualTo(Severity.WARNING);
        assertThat(f.get(1).asLibraryProperty()).isEqualTo("validateConnectionOnBorrow=true");
        assertThat(f.get(1).why()).contains("UCP's default is false").contains("connectionValidationTimeout, now 15 s");
        assertThat(f).extracting(Finding::setting).doesNotContain("keepaliveTime", "maxLifetime", "idle connections");
    }

    @Test
    void ucpValidatingInTheBackgroundAndOnBorrowWellBelowThePathGetsNoFinding() {
        assertThat(examine("UCP", common(-1L), ucpDefaults(Map.of("backgroundValidationInterval", "60",
                "validateConnectionOnBorrow", "true")), NLB)).isEmpty();
    }

    @Test
    void ucpRetiringEveryConnectionByReuseTimeBeforeThePathNeedsNoBackgroundValidation() {
        // Reuse time + the 30 s check interval must stay 35 s (10 %) below the NLB's 350 s: 240 s does, 300 s not.
        assertThat(examine("UCP", common(-1L), ucpDefaults(Map.of("maxConnectionReuseTime", "240",
                "validateConnectionOnBorrow", "true")), NLB)).isEmpty();
        List<Finding> tooLate = examine("UCP", common(-1L), ucpDefaults(Map.of("maxConnectionReuseTime", "300",
                "validateConnectionOnBorrow", "true")), NLB);
        assertThat(tooLate).extracting(Finding::setting).containsExactly("backgroundValidationInterval");
        assertThat(tooLate.get(0).why()).contains("maxConnectionReuseTime 5m (checked every").contains("is not below it");
    }

    @Test
    void ucpInactiveTimeoutAloneLeavesMinPoolSizeConnectionsToThePath() {
        List<Finding> f = examine("UCP", common(-1L), ucpDefaults(Map.of("inactiveConnectionTimeout", "60",
                "validateConnectionOnBorrow", "true", "minPoolSize", "2")), NLB);
        assertThat(f).extracting(Finding::setting).containsExactly("backgroundValidationInterval");
        assertThat(f.get(0).why()).contains("keeps minPoolSize (2) of them");
        assertThat(examine("UCP", common(-1L), ucpDefaults(Map.of("inactiveConnectionTimeout", "60",
                "validateConnectionOnBorrow", "true", "minPoolSize", "0")), NLB)).isEmpty();
    }

    @Test
    void ucpTrustingIdleConnectionsLongerThanThePathSkipsTheValidationThatWouldCatchTheDrop() {
        List<Finding> f = examine("UCP", common(-1L), ucpDefaults(Map.of("backgroundValidationInterval", "60",
                "validateConnectionOnBorrow", "true", "secondsToTrustIdleConnection", "600")), NLB);
        assertThat(f).extracting(Finding::setting).containsExactly("secondsToTrustIdleConnection");
        assertThat(f.get(0).currentMillis()).isEqualTo(600_000);
        assertThat(f.get(0).asLibraryProperty()).isEqualTo("secondsToTrustIdleConnection=60");
    }

    @Test
    void ucpWithoutBackgroundValidationInItsVersionIsToldToRetireConnectionsByReuseTime() {
        List<Finding> f = examine("UCP", common(-1L), ucpDefaults(Map.of("backgroundValidationInterval",
                "(not readable in this version)", "validateConnectionOnBorrow", "true")), NLB);
        assertThat(f).extracting(Finding::setting).containsExactly("maxConnectionReuseTime");
        assertThat(f.get(0).why()).contains("is not in this UCP version").contains("has no background validation");
        // 60 s interval minus the 30 s check interval: every connection is gone before 60 s.
        assertThat(f.get(0).asLibraryProperty()).isEqualTo("maxConnectionReuseTime=30");
    }

    @Test
    void ucpWithoutAPathIsWarnedThatNothingTestsIdleConnections() {
        List<Finding> f = examine("UCP", common(-1L), ucpDefaults(Map.of("validateConnectionOnBorrow", "true")), null);
        assertThat(f).extracting(Finding::setting).containsExactly("backgroundValidationInterval");
        assertThat(f.get(0).severity()).isEqualTo(Severity.WARNING);
    }
}
