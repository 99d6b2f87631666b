package dev.poolscope.probe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class SharedKernelTcpTest {

    private static final String HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid"
            + "  timeout inode\n";

    @TempDir
    Path dir;

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void twoPoolsReadInOneScrapeShareOneParseFromTheSecondScrapeOn() throws Exception {
        SharedKernelTcp table = table(line(0, 0xC350, "01", "00000000", "00:00000000", 0) + line(1, 0xC351, "01",
                "000000A0", "01:00000020", 3));
        ConnectionSockets.Endpoint a = endpoint(0xC350);
        ConnectionSockets.Endpoint b = endpoint(0xC351);

        table.lookup(List.of(a));
        assertThat(table.lookup(List.of(b)).get(b).retransmits).isEqualTo(3);
        assertThat(table.parses()).as("first scrape: b's port was never searched").isEqualTo(2);

        now.addAndGet(15_000_000_000L);
        assertThat(table.lookup(List.of(a)).get(a).state).isEqualTo("established");
        assertThat(table.lookup(List.of(b)).get(b).sendQueueBytes).isEqualTo(160);
        assertThat(table.parses()).as("next scrape: one parse for both pools").isEqualTo(3);
    }

    @Test
    void evidenceOlderThanTheMaximumAgeIsReadAgain() throws Exception {
        SharedKernelTcp table = table(line(0, 0xC350, "01", "00000000", "00:00000000", 0));
        ConnectionSockets.Endpoint a = endpoint(0xC350);
        table.lookup(List.of(a));
        now.addAndGet(SharedKernelTcp.MAX_AGE_MILLIS * 1_000_000L / 2);
        table.lookup(List.of(a));
        assertThat(table.parses()).isEqualTo(1);
        now.addAndGet(SharedKernelTcp.MAX_AGE_MILLIS * 1_000_000L);
        table.lookup(List.of(a));
        assertThat(table.parses()).isEqualTo(2);
    }

    @Test
    void portsOfConnectionsGoneForAWholeScrapeAreNoLongerSearched() throws Exception {
        SharedKernelTcp table = table(line(0, 0xC350, "01", "00000000", "00:00000000", 0));
        table.lookup(List.of(endpoint(0xC350), endpoint(0xC352)));
        now.addAndGet(15_000_000_000L);
        table.lookup(List.of(endpoint(0xC350)));
        now.addAndGet(15_000_000_000L);
        table.lookup(List.of(endpoint(0xC350)));
        assertThat(table.searchedPorts()).containsExactly(0xC350);
    }

    @Test
    void whenEveryConnectionIsFoundInTcp6ByItsFullPairTcp4IsNotRead() throws Exception {
        SharedKernelTcp table = table(line(0, 0xC360, "01", "00000000", "00:00000000", 0),
                line6(0, 0xC350, 0x1538, "01", "00000000", 0) + line6(1, 0xC351, 0x1538, "01", "000000A0", 3));
        ConnectionSockets.Endpoint a = endpoint(0xC350);
        ConnectionSockets.Endpoint b = endpoint(0xC351);

        assertThat(table.lookup(List.of(a, b))).containsOnlyKeys(a, b);
        assertThat(table.lookup(List.of(b)).get(b).retransmits).isEqualTo(3);
        assertThat(table.parses()).isEqualTo(1);
        assertThat(table.tcp4Skipped()).isEqualTo(1);
    }

    @Test
    void aConnectionMissingFromTcp6IsLookedForInTcp4() throws Exception {
        SharedKernelTcp table = table(line(0, 0xC351, "01", "000000A0", "01:00000020", 3),
                line6(0, 0xC350, 0x1538, "01", "00000000", 0));
        ConnectionSockets.Endpoint a = endpoint(0xC350);
        ConnectionSockets.Endpoint b = endpoint(0xC351);

        assertThat(table.lookup(List.of(a, b))).containsOnlyKeys(a, b);
        assertThat(table.tcp4Skipped()).isZero();
    }

    @Test
    void anotherPeerOnAPortFoundOnlyInTcp6ParsesAgainAndFindsItsLineInTcp4() throws Exception {
        // Linux reuses a local port for different peers: the same port to :5432 in tcp6 and to :5433 in tcp4.
        SharedKernelTcp table = table(line(0, 0xC350, "08", "00000000", "00:00000000", 0).replace(":1538", ":1539"),
                line6(0, 0xC350, 0x1538, "01", "00000000", 0));
        ConnectionSockets.Endpoint toFirst = endpoint(0xC350);
        ConnectionSockets.Endpoint toSecond = new ConnectionSockets.Endpoint(8, InetAddress.getByName("127.0.0.1"), 0xC350,
                InetAddress.getByName("127.0.0.1"), 0x1539);

        assertThat(table.lookup(List.of(toFirst)).get(toFirst).state).isEqualTo("established");
        assertThat(table.tcp4Skipped()).isEqualTo(1);
        assertThat(table.lookup(List.of(toSecond)).get(toSecond).state).as("same window, other peer").isEqualTo("close_wait");
        assertThat(table.parses()).isEqualTo(2);
        assertThat(table.lookup(List.of(toFirst)).get(toFirst).state).isEqualTo("established");
    }

    @Test
    void theLocalPortIsReadWithoutSplittingTheLine() {
        assertThat(KernelTcp.localPort(line(12, 0x1F90, "0A", "00000000", "00:00000000", 0))).isEqualTo(0x1F90);
        assertThat(KernelTcp.localPort(HEADER)).isEqualTo(-1);
    }

    private SharedKernelTcp table(String lines) throws Exception {
        File tcp4 = dir.resolve("tcp").toFile();
        Files.writeString(tcp4.toPath(), HEADER + lines);
        return new SharedKernelTcp(new KernelTcp("Linux", tcp4, dir.resolve("absent").toFile()), now::get);
    }

    private SharedKernelTcp table(String tcp4Lines, String tcp6Lines) throws Exception {
        File tcp4 = dir.resolve("tcp").toFile();
        File tcp6 = dir.resolve("tcp6").toFile();
        Files.writeString(tcp4.toPath(), HEADER + tcp4Lines);
        Files.writeString(tcp6.toPath(), HEADER + tcp6Lines);
        return new SharedKernelTcp(new KernelTcp("Linux", tcp4, tcp6), now::get);
    }

    /** A line in get_tcp6_sock's layout, ::ffff:127.0.0.1 to ::ffff:127.0.0.1 (a dual-stack Java socket), host-order words. */
    private static String line6(int sl, int localPort, int remotePort, String state, String txQueue, int retransmits) {
        String mapped = "0000000000000000FFFF0000" + (java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN
                ? "0100007F" : "7F000001");
        return String.format("  %2d: %s:%04X %s:%04X %s %s:00000000 00:00000000 %08X  1000        0 98765 2"
                + " 0000000000000000 20 4 30 10 -1%n", sl, mapped, localPort, mapped, remotePort, state, txQueue, retransmits);
    }

    /** A line in get_tcp4_sock's layout, to 127.0.0.1:5432. */
    private static String line(int sl, int localPort, String state, String txQueue, String timer, int retransmits) {
        return String.format("  %2d: 0100007F:%04X 0100007F:1538 %s %s:00000000 %s %08X  1000        0 98765 2"
                + " 0000000000000000 20 4 30 10 -1%n", sl, localPort, state, txQueue, timer, retransmits);
    }

    private static ConnectionSockets.Endpoint endpoint(int localPort) throws Exception {
        return new ConnectionSockets.Endpoint(7, InetAddress.getByName("127.0.0.1"), localPort,
                InetAddress.getByName("127.0.0.1"), 0x1538);
    }
}
