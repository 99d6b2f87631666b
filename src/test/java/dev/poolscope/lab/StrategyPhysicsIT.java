package dev.poolscope.lab;

import com.zaxxer.hikari.HikariDataSource;
import dev.poolscope.demo.EmbeddedDatabase;
import dev.poolscope.lab.middlebox.FaultHook;
import dev.poolscope.lab.middlebox.TcpProxy;
import dev.poolscope.lab.strategy.LabPool;
import dev.poolscope.lab.strategy.StrategyPresets;
import dev.poolscope.lab.strategy.StrategySettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Real pools of single strategies against a real PostgreSQL behind the userspace middlebox, one
 * connection each, so the time a dead connection costs can be read off the clock.
 */
class StrategyPhysicsIT {

    private static final long DROP_IDLE_MILLIS = 600;
    private static EmbeddedDatabase db;

    @BeforeAll
    static void startDatabase() {
        db = EmbeddedDatabase.start();
    }

    @AfterAll
    static void stopDatabase() {
        db.close();
    }

    private static HikariDataSource pool(StrategySettings s, TcpProxy proxy) {
        return LabPool.open(s, "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/postgres?sslmode=disable",
                EmbeddedDatabase.USER, null, "poolscope-lab-test-" + s.name());
    }

    private static TcpProxy proxy() throws Exception {
        TcpProxy proxy = TcpProxy.start("t", new InetSocketAddress("127.0.0.1", db.port()), FaultHook.NONE);
        proxy.setIdleDropMillis(DROP_IDLE_MILLIS);
        return proxy;
    }

    private static void useOnce(HikariDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("SELECT 1");
        }
    }

    @Test
    void noneHandsOutTheDeadConnectionAndItsThreadHangsUntilTheSocketTimeout() throws Exception {
        StrategySettings none = StrategyPresets.preset("none", DROP_IDLE_MILLIS).withPoolSize(1, 1)
                .withSocketTimeoutSeconds(2);
        try (TcpProxy proxy = proxy(); HikariDataSource ds = pool(none, proxy)) {
            useOnce(ds);
            await().atMost(Duration.ofSeconds(5)).until(() -> proxy.stats().silentDrops() == 1);
            long t0 = System.nanoTime();
            try (Connection c = ds.getConnection()) {
                long borrowMillis = (System.nanoTime() - t0) / 1_000_000;
                assertThat(borrowMillis).as("handed out without a check").isLessThan(200);
                long q0 = System.nanoTime();
                assertThatThrownBy(() -> c.createStatement().execute("SELECT 1")).isInstanceOf(SQLException.class)
                        .hasMessageContaining("I/O error");
                System.out.printf("none: borrow %d ms, first statement hung %d ms (socketTimeout 2 s)%n", borrowMillis,
                        (System.nanoTime() - q0) / 1_000_000);
                assertThat((System.nanoTime() - q0) / 1_000_000).as("hung until socketTimeout").isBetween(1_900L, 4_000L);
            }
            assertThat(proxy.stats().validations()).as("only HikariCP's first-connection check").isLessThanOrEqualTo(1);
        }
    }

    @Test
    void validateOnBorrowPaysAboutTheValidationTimeoutPerDeadConnection() throws Exception {
        StrategySettings validate = StrategyPresets.preset("validate", DROP_IDLE_MILLIS).withPoolSize(1, 1);
        assertThat(validate.validationTimeoutMillis()).isEqualTo(1_000);
        try (TcpProxy proxy = proxy(); HikariDataSource ds = pool(validate, proxy)) {
            useOnce(ds);
            await().atMost(Duration.ofSeconds(5)).until(() -> proxy.stats().silentDrops() == 1);
            long validationsBefore = proxy.stats().validations();
            long t0 = System.nanoTime();
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                long borrowMillis = (System.nanoTime() - t0) / 1_000_000;
                System.out.printf("validate: borrow met one dead connection, took %d ms (validationTimeout %d ms)%n",
                        borrowMillis, validate.validationTimeoutMillis());
                // one dead connection met: ~1 validationTimeout, plus opening a new connection
                assertThat(borrowMillis).isBetween(950L, 2_500L);
                st.execute("SELECT 1"); // and what it got in the end works
            }
            assertThat(proxy.stats().validations() - validationsBefore).isGreaterThanOrEqualTo(1);
            // the ping on the dead connection went unanswered and lasted until HikariCP gave up on it
            assertThat(proxy.stats().unansweredValidations()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(3)).untilAsserted(() ->
                    assertThat(proxy.stats().validationNanos() / 1_000_000).isBetween(950L, 2_500L));
            assertThat(proxy.stats().connectionsAccepted()).isEqualTo(2);
        }
    }

    @Test
    void evictionBelowTheDropTimeoutKeepsEveryBorrowHealthy() throws Exception {
        long dropIdle = 3_000;
        StrategySettings evict = StrategyPresets.preset("evict", dropIdle).withPoolSize(2, 1);
        assertThat(evict.keepaliveTimeMillis()).isLessThan(dropIdle);
        try (TcpProxy proxy = proxy(); HikariDataSource ds = pool(evict, proxy)) {
            proxy.setIdleDropMillis(dropIdle);
            useOnce(ds);
            long idleUntil = System.nanoTime() + 2 * dropIdle * 1_000_000;
            // stay idle for twice the drop timeout, then borrow: keepaliveTime pings kept the flow alive
            await().pollInterval(Duration.ofMillis(200)).atMost(Duration.ofSeconds(10))
                    .until(() -> System.nanoTime() > idleUntil);
            for (int i = 0; i < 5; i++) {
                useOnce(ds);
            }
            assertThat(proxy.stats().silentDrops()).as("no flow went idle long enough to be dropped").isZero();
            assertThat(proxy.stats().validations()).as("keepaliveTime pings").isGreaterThanOrEqualTo(2);
        }
    }
}
