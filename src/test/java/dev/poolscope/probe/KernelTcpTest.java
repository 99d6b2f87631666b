package dev.poolscope.probe;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.InetAddress;
import java.util.IdentityHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KernelTcpTest {

    // Lines in the kernel's get_tcp4_sock/get_tcp6_sock layout (x86, little-endian words).
    private static final String RETRANSMITTING_V4 = "   3: 0100007F:C350 0100007F:1538 01 000000A0:00000000 01:00000130 00000004  1000"
            + "        0 98765 2 0000000000000000 800 0 0 10 -1";
    private static final String KEEPALIVE_V6_MAPPED = "   0: 0000000000000000FFFF00000100007F:C351 0000000000000000FFFF00000100007F:1538 01"
            + " 00000000:00000000 02:000000C8 00000000  1000        2 12345 1 0000000000000000 20 4 30 10 -1";

    @Test
    void aRetransmittingSocketShowsItsUnacknowledgedBytesTimerAndRetransmissions() throws Exception {
        ConnectionSockets.Endpoint e = endpoint(0xC350);
        KernelTcp.Tcp t = parse(RETRANSMITTING_V4, e).get(e);
        assertThat(t.state).isEqualTo("established");
        assertThat(t.sendQueueBytes).isEqualTo(160);
        assertThat(t.recvQueueBytes).isZero();
        assertThat(t.timer).isEqualTo("retransmit");
        assertThat(t.timerMillis).isEqualTo(0x130 * 10L);
        assertThat(t.retransmits).isEqualTo(4);
    }

    @Test
    void aDualStackSocketIsFoundInTcp6ThroughItsIpv4MappedAddressWithItsKeepaliveProbes() throws Exception {
        ConnectionSockets.Endpoint e = endpoint(0xC351);
        KernelTcp.Tcp t = parse(KEEPALIVE_V6_MAPPED, e).get(e);
        assertThat(t.timer).isEqualTo("keepalive");
        assertThat(t.probes).isEqualTo(2);
        assertThat(t.sendQueueBytes).isZero();
    }

    @Test
    void aSocketToAnotherPeerOnTheSameLocalPortIsNotTaken() throws Exception {
        ConnectionSockets.Endpoint e = new ConnectionSockets.Endpoint(7, InetAddress.getByName("127.0.0.1"), 0xC350,
                InetAddress.getByName("10.0.0.9"), 0x1538);
        assertThat(parse(RETRANSMITTING_V4, e)).isEmpty();
    }

    @Test
    void otherSystemsSayTheKernelViewIsNotAvailableThere() {
        assertThat(new KernelTcp("Mac OS X", new File("/nonexistent"), new File("/nonexistent")).unavailableReason())
                .isEqualTo("kernel TCP view is not available on Mac OS X");
    }

    private static ConnectionSockets.Endpoint endpoint(int localPort) throws Exception {
        return new ConnectionSockets.Endpoint(7, InetAddress.getByName("127.0.0.1"), localPort,
                InetAddress.getByName("127.0.0.1"), 0x1538);
    }

    private static Map<ConnectionSockets.Endpoint, KernelTcp.Tcp> parse(String line, ConnectionSockets.Endpoint e) {
        Map<ConnectionSockets.Endpoint, KernelTcp.Tcp> found = new IdentityHashMap<>();
        KernelTcp.parse(line, Map.of(e.localPort, e), found);
        return found;
    }
}
