package dev.poolscope.attach;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class RmiTimeoutsTest {

    @Test
    void withNothingSetBothTimeoutsGetTheDefault() {
        Properties p = new Properties();
        assertThat(RmiTimeouts.install(p)).isEqualTo(RmiTimeouts.DEFAULT_RESPONSE);
        assertThat(p.getProperty(RmiTimeouts.RESPONSE)).isEqualTo("15000");
        assertThat(p.getProperty(RmiTimeouts.HANDSHAKE)).isEqualTo("15000");
    }

    @Test
    void aUsersResponseTimeoutWinsAndTheHandshakeFollowsIt() {
        Properties p = new Properties();
        p.setProperty(RmiTimeouts.RESPONSE, "2000");
        assertThat(RmiTimeouts.install(p)).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.getProperty(RmiTimeouts.RESPONSE)).isEqualTo("2000");
        assertThat(p.getProperty(RmiTimeouts.HANDSHAKE)).isEqualTo("2000");
    }

    @Test
    void aUsersHandshakeTimeoutIsKept() {
        Properties p = new Properties();
        p.setProperty(RmiTimeouts.HANDSHAKE, "60000");
        RmiTimeouts.install(p);
        assertThat(p.getProperty(RmiTimeouts.HANDSHAKE)).isEqualTo("60000");
    }

    @Test
    void responseTimeoutZeroMeansNoneAndLeavesRmisHandshakeDefault() {
        Properties p = new Properties();
        p.setProperty(RmiTimeouts.RESPONSE, "0");
        assertThat(RmiTimeouts.install(p)).isZero();
        assertThat(p.getProperty(RmiTimeouts.HANDSHAKE)).isNull();
    }
}
