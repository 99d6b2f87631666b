package dev.poolscope.attach;

import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.rmi.UnmarshalException;

import static org.assertj.core.api.Assertions.assertThat;

class JmxTargetConnectionTest {

    @Test
    void anRmiFailureWithASilentCauseNamesTheCause() {
        UnmarshalException e = new UnmarshalException("Error unmarshaling return header", new EOFException());
        assertThat(JmxTargetConnection.describe(e)).isEqualTo("Error unmarshaling return header (EOFException)");
    }

    @Test
    void everyClientEnvironmentHasNoHeartbeatThread() {
        assertThat(JmxTargetConnection.clientEnvironment(java.util.Map.of("k", "v")))
                .containsEntry("jmx.remote.x.client.connection.check.period", 0L).containsEntry("k", "v");
    }
}
