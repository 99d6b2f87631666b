package dev.poolscope.live;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** ss -tinH output as this machine's iproute2 prints it (trimmed to the fields read). */
class SocketStatsTest {

    private static final String OUTPUT = String.join("\n",
            "ESTAB      0      0               127.0.0.1:41285          127.0.0.1:39666",
            "\t bbr wscale:10,10 rto:208 bytes_sent:538 lastsnd:292 lastrcv:292 lastack:292 pacing_rate 277469835240bps",
            "ESTAB      0      0               127.0.0.1:41285          127.0.0.1:39662",
            "\t bbr wscale:10,10 rto:212 lastsnd:1308 lastrcv:1308 lastack:1308 delivered:7",
            "FIN-WAIT-2 0      0      [::ffff:127.0.0.1]:38189 [::ffff:127.0.0.1]:56198",
            "\t                                                                   ",
            "ESTAB      0      0      [::ffff:127.0.0.1]:45406 [::ffff:127.0.0.1]:58619",
            "\t bbr wscale:10,10 rto:204 send 84811294118bps lastsnd:308 lastrcv:14000 lastack:295 pacing_rate 1bps",
            "CLOSE-WAIT 1      0      [::ffff:127.0.0.1]:41300 [::ffff:127.0.0.1]:38925",
            "\t bbr rto:204 lastsnd:2000 lastrcv:2000 lastack:1676 snd_wnd:65536",
            "");

    @Test
    void aClientSocketsTimesAreFoundByItsLocalPortInEitherAddressForm() {
        Map<Integer, SocketStats.Times> byPort = SocketStats.parse(OUTPUT);

        assertThat(byPort.get(45406)).isEqualTo(new SocketStats.Times(308L, 14_000L, 295L));
        assertThat(byPort.get(41300)).isEqualTo(new SocketStats.Times(2000L, 2000L, 1676L));
    }

    @Test
    void aPortSharedByTwoSocketsIsLeftOutRatherThanGuessed() {
        Map<Integer, SocketStats.Times> byPort = SocketStats.parse(OUTPUT);

        assertThat(byPort).doesNotContainKey(41285);
        SocketStats.Reading reading = new SocketStats.Reading(byPort, null);
        assertThat(reading.of(41285)).isNull();
        assertThat(reading.reasonFor(41285)).isEqualTo("ss listed no single socket on local port 41285");
    }

    @Test
    void aSocketWithoutTcpInfoHasNoTimesAndNothingIsInvented() {
        assertThat(SocketStats.parse(OUTPUT).get(38189)).isEqualTo(new SocketStats.Times(null, null, null));
    }

    @Test
    void aMissingSsIsAReasonInWordsNotAnError() {
        SocketStats.Reading reading = new SocketStats("/nonexistent/ss").read();

        assertThat(reading.byLocalPort()).isEmpty();
        assertThat(reading.reasonFor(45406)).contains("ss (iproute2) is not installed here");
    }

    @Test
    void theRealSsOnThisMachineSeesASocketOfThisJvm() throws Exception {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             java.net.Socket client = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), server.getLocalPort());
             java.net.Socket accepted = server.accept()) {
            client.getOutputStream().write(1);
            accepted.getInputStream().read();

            SocketStats.Reading reading = new SocketStats().read();
            SocketStats.Reading filtered = new SocketStats().read(java.util.Set.of(client.getLocalPort(), 1));

            org.junit.jupiter.api.Assumptions.assumeTrue(reading.unavailableReason() == null
                    || !reading.unavailableReason().contains("not installed"), "no ss here");
            assertThat(reading.unavailableReason()).isNull();
            SocketStats.Times times = reading.of(client.getLocalPort());
            assertThat(times).isNotNull();
            assertThat(times.lastSendMillis()).isNotNull().isBetween(0L, 60_000L);
            assertThat(times.lastAckMillis()).isNotNull();
            assertThat(filtered.unavailableReason()).isNull();
            assertThat(filtered.byLocalPort()).as("only the asked ports").containsOnlyKeys(client.getLocalPort());
        }
    }
}
