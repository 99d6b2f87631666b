package dev.poolscope.tcpevidence;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TcpEvidenceTest {

    @Test
    void unacknowledgedDataBeingResentIsADeadPeer() {
        assertThat(TcpEvidence.kernelVerdict("established", "retransmit", 160L, 3, 0)).isEqualTo("dead_peer");
    }

    @Test
    void unansweredKeepaliveProbesAreADeadPeer() {
        assertThat(TcpEvidence.kernelVerdict("established", "keepalive", 0L, 0, 2)).isEqualTo("dead_peer");
    }

    @Test
    void aRetransmitTimerBeforeTheFirstResendIsNotYetEvidence() {
        assertThat(TcpEvidence.kernelVerdict("established", "retransmit", 160L, 0, 0)).isNull();
    }

    @Test
    void aSocketTheServerClosedIsServerGone() {
        assertThat(TcpEvidence.kernelVerdict("close_wait", "none", 0L, 0, 0)).isEqualTo("server_gone");
    }

    @Test
    void anEstablishedSocketWithEverythingAcknowledgedDecidesNothing() {
        assertThat(TcpEvidence.kernelVerdict("established", "keepalive", 0L, 0, 0)).isNull();
    }

    @Test
    void unmeasuredFieldsDecideNothing() {
        assertThat(TcpEvidence.kernelVerdict(null, null, null, null, null)).isNull();
    }
}
