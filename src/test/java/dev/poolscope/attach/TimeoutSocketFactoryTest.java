package dev.poolscope.attach;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeoutSocketFactoryTest {

    @Test
    void eachRemoteConnectionGetsItsOwnRegistrySocketFactoryWithTimeouts() {
        Object f = RemoteAddresses.environment(new RemoteTarget("h:1", null, null, false)).get("com.sun.jndi.rmi.factory.socket");
        assertThat(f).isInstanceOfSatisfying(TimeoutSocketFactory.class, t -> {
            assertThat(t.connectMillis()).isEqualTo(RemoteAddresses.REGISTRY_CONNECT_MILLIS);
            assertThat(t.readMillis()).isEqualTo(RemoteAddresses.REGISTRY_READ_MILLIS);
        });
    }

    @Test
    void aPeerThatAcceptsButNeverAnswersTimesOutTheRead() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket s = new TimeoutSocketFactory(1_000, 200, false).createSocket("127.0.0.1", silent.getLocalPort())) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(150L, 5_000L);
        }
    }
}
