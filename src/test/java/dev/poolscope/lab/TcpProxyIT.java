package dev.poolscope.lab;

import dev.poolscope.demo.EmbeddedDatabase;
import dev.poolscope.lab.middlebox.FaultHook;
import dev.poolscope.lab.middlebox.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The userspace middlebox against a real PostgreSQL: forwarding, counting, and each fault it plays. */
class TcpProxyIT {

    private static EmbeddedDatabase db;

    @BeforeAll
    static void startDatabase() {
        db = EmbeddedDatabase.start();
    }

    @AfterAll
    static void stopDatabase() {
        db.close();
    }

    private static TcpProxy proxy() throws Exception {
        return TcpProxy.start("t", new InetSocketAddress("127.0.0.1", db.port()), FaultHook.NONE);
    }

    private static Connection connect(TcpProxy proxy, int socketTimeoutSeconds) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", EmbeddedDatabase.USER);
        p.setProperty("socketTimeout", String.valueOf(socketTimeoutSeconds));
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/postgres", p);
    }

    private static int selectOne(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void forwardsAndCountsStatementsAndValidationPings() throws Exception {
        try (TcpProxy proxy = proxy(); Connection c = connect(proxy, 5)) {
            assertThat(selectOne(c)).isEqualTo(1);
            assertThat(selectOne(c)).isEqualTo(1);
            assertThat(c.isValid(1)).isTrue();
            assertThat(proxy.stats().connectionsAccepted()).isEqualTo(1);
            assertThat(proxy.stats().statements()).isGreaterThanOrEqualTo(2);
            assertThat(proxy.stats().validations()).isEqualTo(1);
            assertThat(proxy.stats().wireOpaque()).isZero();
        }
    }

    @Test
    void silentIdleDropMakesTheNextQueryHangUntilTheSocketTimeout() throws Exception {
        try (TcpProxy proxy = proxy(); Connection c = connect(proxy, 2)) {
            proxy.setIdleDropMillis(300);
            selectOne(c);
            await().atMost(Duration.ofSeconds(5)).until(() -> proxy.stats().silentDrops() == 1);
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> selectOne(c)).isInstanceOf(SQLException.class);
            long waitedMillis = (System.nanoTime() - t0) / 1_000_000;
            // no FIN or RST arrived: pgjdbc waited for the whole socketTimeout
            assertThat(waitedMillis).isBetween(1_900L, 4_000L);
            assertThat(proxy.stats().openFlows()).isEqualTo(1); // the proxy kept both sockets open
        }
    }

    @Test
    void resetFailsTheNextQueryAtOnce() throws Exception {
        try (TcpProxy proxy = proxy(); Connection c = connect(proxy, 10)) {
            selectOne(c);
            assertThat(proxy.resetAll()).isEqualTo(1);
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> selectOne(c)).isInstanceOf(SQLException.class);
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1_000);
        }
    }

    @Test
    void blackholeHoldsTrafficUntilHealed() throws Exception {
        try (TcpProxy proxy = proxy(); Connection c = connect(proxy, 10)) {
            selectOne(c);
            proxy.setBlackholed(true);
            CompletableFuture<Integer> query = CompletableFuture.supplyAsync(() -> {
                try {
                    return selectOne(c);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2)).until(() -> !query.isDone());
            proxy.setBlackholed(false);
            assertThat(query.get(5, TimeUnit.SECONDS)).isEqualTo(1);
        }
    }

    @Test
    void latencyIsAddedInEachDirection() throws Exception {
        try (TcpProxy proxy = proxy(); Connection c = connect(proxy, 10)) {
            selectOne(c);
            proxy.setLatencyMicros(50_000);
            long t0 = System.nanoTime();
            selectOne(c);
            assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(100);
        }
    }
}
