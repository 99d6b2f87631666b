package dev.poolscope.attach;

import dev.poolscope.testing.Nft;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.rmi.server.RMISocketFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * New RMI connections (those of the JMX call stubs, which use the process-wide factory) give up
 * connecting after the connect timeout against a port whose SYNs are dropped, where RMI's own
 * default factory is still connecting. The drop is real: an nftables rule on loopback (root only).
 */
class RmiConnectTimeoutIT {

    @Test
    void theConnectorInstallsTheConnectTimeoutProcessWide() {
        new JvmConnector();
        if (RMISocketFactory.getSocketFactory() instanceof ConnectTimeoutRmiSocketFactory) {
            assertThat(RmiTimeouts.connectTimeout()).isEqualTo(RmiTimeouts.response());
        } else {
            // Something in this test JVM set a factory first: PoolScope leaves it (it can be set once).
            assertThat(RmiTimeouts.connectTimeout()).isNull();
        }
    }

    @Test
    void aConnectToADroppedPortEndsAtTheTimeoutWhereRmisDefaultKeepsWaiting() throws Exception {
        assumeTrue(Nft.usable(), "needs root and a working nft to drop SYNs");
        String table = "poolscope_rmi_connect_it";
        try (ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = listening.getLocalPort();
            Nft.run("table inet " + table + " {\n chain output {\n  type filter hook output priority 0; policy accept;\n"
                    + "  ip daddr 127.0.0.1 tcp dport " + port + " tcp flags & (syn | ack) == syn drop\n }\n}\n");
            CompletableFuture<Socket> byDefault = new CompletableFuture<>();
            Thread control = new Thread(() -> {
                try {
                    byDefault.complete(RMISocketFactory.getDefaultSocketFactory().createSocket("127.0.0.1", port));
                } catch (Exception e) {
                    byDefault.completeExceptionally(e);
                }
            }, "rmi-default-connect");
            try {
                control.start();
                long start = System.nanoTime();
                assertThatThrownBy(() -> new ConnectTimeoutRmiSocketFactory(1_000).createSocket("127.0.0.1", port))
                        .isInstanceOf(SocketTimeoutException.class);
                long tookMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
                assertThat(tookMillis).isBetween(900L, 5_000L);
                // The control: RMI's default factory, started before, is still in connect().
                assertThat(byDefault).isNotDone();
            } finally {
                Nft.run("delete table inet " + table + "\n");
            }
            // Once the drop is gone, the next SYN retransmission gets through and the control connects.
            try (Socket s = byDefault.get(30, TimeUnit.SECONDS)) {
                assertThat(s.isConnected()).isTrue();
            }
        }
    }
}
