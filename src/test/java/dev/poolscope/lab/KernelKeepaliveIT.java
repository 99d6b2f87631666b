package dev.poolscope.lab;

import com.zaxxer.hikari.HikariDataSource;
import dev.poolscope.demo.EmbeddedDatabase;
import dev.poolscope.lab.middlebox.NftablesDropper;
import dev.poolscope.lab.middlebox.TcpProxy;
import dev.poolscope.lab.strategy.LabPool;
import dev.poolscope.lab.strategy.StrategyPresets;
import dev.poolscope.lab.strategy.StrategySettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/**
 * Kernel mode (Linux, root, nftables): a silently dropped idle connection with TCP keepalive is
 * found dead by the client's kernel within idle + interval x count seconds. Skipped, with the
 * reason, where kernel mode is not available; CI runs as root with nftables installed.
 */
class KernelKeepaliveIT {

    private static EmbeddedDatabase db;

    @BeforeAll
    static void start() {
        assumeTrue(NftablesDropper.availability().available(), NftablesDropper.availability().reason());
        db = EmbeddedDatabase.start();
    }

    @AfterAll
    static void stop() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void keepaliveFindsADeadIdleConnectionWithinIdlePlusIntervalTimesCount() throws Exception {
        StrategySettings keepalive = StrategyPresets.preset("keepalive", 60_000).withPoolSize(1, 1)
                .withKeepalive(1, 1, 2).withSocketTimeoutSeconds(20);
        int detectMillis = keepalive.keepaliveDetectionSeconds() * 1000;
        String table;
        try (NftablesDropper kernel = NftablesDropper.open();
             TcpProxy proxy = TcpProxy.start("k", new InetSocketAddress("127.0.0.1", db.port()), kernel);
             HikariDataSource ds = LabPool.open(keepalive, "jdbc:postgresql://127.0.0.1:" + proxy.port()
                     + "/postgres?sslmode=disable", EmbeddedDatabase.USER, null, "poolscope-lab-test-kernel")) {
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.execute("SELECT 1");
            }
            table = kernel.table();
            assertThat(NftablesDropper.labTables()).containsKey(table);
            int clientPort = proxy.clientPorts().get(0);
            assertThat(established(clientPort)).isTrue();

            long t0 = System.nanoTime();
            assertThat(proxy.dropAllSilently()).isEqualTo(1);
            await().pollInterval(Duration.ofMillis(100)).atMost(Duration.ofMillis(detectMillis + 2_000))
                    .until(() -> !established(clientPort));
            long foundMillis = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("kernel keepalive: dead idle connection found after %d ms (idle + interval x count = %d ms)%n",
                    foundMillis, detectMillis);
            assertThat(foundMillis).as("probes start after the idle time and give up after count misses")
                    .isBetween(1_000L, detectMillis + 1_500L);

            // The pool still holds it (no validation in this preset), but using it now fails at once
            // with the kernel's verdict instead of hanging for socketTimeout (20 s).
            long q0 = System.nanoTime();
            try (Connection c = ds.getConnection()) {
                assertThatThrownBy(() -> c.createStatement().execute("SELECT 1")).isInstanceOf(SQLException.class);
            }
            assertThat((System.nanoTime() - q0) / 1_000_000).isLessThan(1_500);
        }
        assertThat(NftablesDropper.labTables()).as("rules removed on close").doesNotContainKey(table);
    }

    @Test
    void tablesOfDeadRunsAreRemovedOnOpenAndTablesOfLiveOnesAreKept() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String stale = NftablesDropper.TABLE_PREFIX + "_" + gone.pid() + "_1";
        String legacy = NftablesDropper.TABLE_PREFIX;
        String live = NftablesDropper.TABLE_PREFIX + "_" + ProcessHandle.current().pid() + "_999";
        for (String t : new String[] {stale, legacy, live}) {
            assertThat(new ProcessBuilder("nft", "add", "table", "inet", t).inheritIO().start().waitFor()).isZero();
        }
        try (NftablesDropper kernel = NftablesDropper.open()) {
            assertThat(NftablesDropper.labTables()).containsKeys(kernel.table(), live).doesNotContainKeys(stale, legacy);
        } finally {
            new ProcessBuilder("nft", "delete", "table", "inet", live).inheritIO().start().waitFor();
        }
        assertThat(NftablesDropper.labTables()).doesNotContainKeys(live, stale, legacy);
    }

    @Test
    void aJvmThatExitsWithoutClosingRemovesItsRulesInItsShutdownHook() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), NftablesExitProbe.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String table = new String(child.getInputStream().readAllBytes()).strip();
        assertThat(child.waitFor()).isZero();
        assertThat(table).startsWith(NftablesDropper.TABLE_PREFIX + "_" + child.pid() + "_");
        assertThat(NftablesDropper.labTables()).doesNotContainKey(table);
    }

    /**
     * Whether there is an ESTABLISHED TCP socket with this local port (Linux /proc/net/tcp and tcp6:
     * Java's sockets are usually IPv6 sockets carrying IPv4-mapped addresses).
     */
    private static boolean established(int localPort) throws IOException {
        String port = String.format(Locale.ROOT, ":%04X", localPort);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f[1].endsWith(port) && f[3].equals("01")) {
                    return true;
                }
            }
        }
        return false;
    }
}
