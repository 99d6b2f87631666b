package dev.poolscope.probe;

import dev.poolscope.doctor.path.FinderSettings;
import dev.poolscope.doctor.path.PathTimeoutFinder;
import dev.poolscope.doctor.path.PathTimeoutResult;
import dev.poolscope.doctor.path.PgPathConnector;
import dev.poolscope.demo.EmbeddedDatabase;
import dev.poolscope.lab.middlebox.FaultHook;
import dev.poolscope.lab.middlebox.TcpProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The finder against the real embedded PostgreSQL through the lab's middlebox (a userspace proxy
 * that silently forgets flows idle longer than its drop timeout): it must find that timeout within
 * ±1 s, find nothing on a path that never drops, and leave no connection open on the server.
 */
@ExtendWith(SharedDatabase.class)
class PathTimeoutFinderIT {

    private static final long MAX_MILLIS = 10_000;

    private static PathTimeoutResult findThroughProxyDroppingAfter(long dropMillis) throws Exception {
        EmbeddedDatabase db = SharedDatabase.database();
        try (TcpProxy proxy = TcpProxy.start("path", new InetSocketAddress("127.0.0.1", db.port()), FaultHook.NONE)) {
            proxy.setIdleDropMillis(dropMillis);
            String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + EmbeddedDatabase.DATABASE;
            FinderSettings settings = FinderSettings.defaults(MAX_MILLIS);
            PathTimeoutFinder finder = new PathTimeoutFinder(
                    new PgPathConnector(url, EmbeddedDatabase.USER, "hunter2".toCharArray(), settings.checkDeadlineMillis()),
                    settings, (f, m) -> { });
            long t0 = System.nanoTime();
            PathTimeoutResult result = finder.find();
            long tookMillis = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("drop %d ms: %s took %d ms, %d probes%n", dropMillis, result.summary(), tookMillis,
                    result.probes().size());
            assertThat(tookMillis).isLessThanOrEqualTo(finder.boundMillis());
            return result;
        }
    }

    private static void assertFinds(PathTimeoutResult result, long dropMillis) {
        assertThat(result.status()).isEqualTo("drop_found");
        assertThat(result.consistent()).isTrue();
        assertThat(result.lowMillis()).isNotNull().isBetween(dropMillis - 1_000, dropMillis + 100);
        assertThat(result.highMillis()).isNotNull().isBetween(dropMillis - 100, dropMillis + 1_000);
        assertThat(result.resolutionMillis()).isLessThanOrEqualTo(1_000);
    }

    @Test
    void findsAThreeSecondDropWithinOneSecondAndRefinesIt() throws Exception {
        PathTimeoutResult result = findThroughProxyDroppingAfter(3_000);
        assertFinds(result, 3_000);
        // 3 s leaves time in a 10 s budget for a second round inside the first round's interval
        assertThat(result.probes()).anyMatch(p -> p.round() == 2);
        assertThat(result.resolutionMillis()).isLessThan(1_000);
        assertNoFinderConnectionLeft();
    }

    @Test
    void findsASixSecondDropWithinOneSecond() throws Exception {
        assertFinds(findThroughProxyDroppingAfter(6_000), 6_000);
        assertNoFinderConnectionLeft();
    }

    @Test
    void reportsNoDropUpToMaxOnAPathThatNeverDrops() throws Exception {
        PathTimeoutResult result = findThroughProxyDroppingAfter(0);
        assertThat(result.status()).isEqualTo("no_drop");
        assertThat(result.highMillis()).isNull();
        assertThat(result.lowMillis()).isBetween(MAX_MILLIS - 50, MAX_MILLIS + 1_000);
        assertThat(result.summary()).startsWith("No drop up to");
        assertThat(result.toJsonMap().get("noDropUpToMillis")).isEqualTo(result.lowMillis());
        assertNoFinderConnectionLeft();
    }

    @Test
    void cancelClosesEveryConnectionAndReturnsPromptly() throws Exception {
        EmbeddedDatabase db = SharedDatabase.database();
        String url = "jdbc:postgresql://127.0.0.1:" + db.port() + "/" + EmbeddedDatabase.DATABASE;
        FinderSettings settings = FinderSettings.defaults(60_000);
        PathTimeoutFinder finder = new PathTimeoutFinder(
                new PgPathConnector(url, EmbeddedDatabase.USER, null, settings.checkDeadlineMillis()), settings, (f, m) -> { });
        CompletableFuture<PathTimeoutResult> run = CompletableFuture.supplyAsync(() -> {
            try {
                return finder.find();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> finderConnections() == settings.firstRoundProbes());
        long t0 = System.nanoTime();
        finder.cancel();
        PathTimeoutResult result = run.get();
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2_000);
        assertThat(result.status()).isEqualTo("cancelled");
        assertNoFinderConnectionLeft();
    }

    private static void assertNoFinderConnectionLeft() {
        await().atMost(Duration.ofSeconds(5)).until(() -> finderConnections() == 0);
    }

    private static int finderConnections() throws Exception {
        Properties p = new Properties();
        p.setProperty("user", EmbeddedDatabase.USER);
        try (Connection c = DriverManager.getConnection(SharedDatabase.database().jdbcUrl(), p);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(
                     "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'poolscope-path-timeout'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
