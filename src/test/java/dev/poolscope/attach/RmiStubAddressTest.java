package dev.poolscope.attach;

import org.junit.jupiter.api.Test;

import javax.management.MBeanServerFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;

import static org.assertj.core.api.Assertions.assertThat;

class RmiStubAddressTest {

    @Test
    void theJdksStubTextGivesTheHandedOutEndpoint() {
        assertThat(RmiStubAddress.endpointOf("RMIServerImpl_Stub[UnicastRef2 [liveRef: [endpoint:[127.0.0.1:43010](remote),"
                + "objID:[7e4dddf:1a23c51b495:-7fff, -2857095700087664926]]]]")).isEqualTo("127.0.0.1:43010");
        assertThat(RmiStubAddress.endpointOf("Proxy[RMIServer,RemoteObjectInvocationHandler[UnicastRef [liveRef:"
                + " [endpoint:[orders-7d9f:9010](remote),objID:[1]]]]]")).isEqualTo("orders-7d9f:9010");
        assertThat(RmiStubAddress.endpointOf("something else")).isNull();
    }

    @Test
    void aRealRegistryIsAskedForThePortItsConnectorWasExportedOn() throws Exception {
        int registryPort = freePort();
        int rmiPort = freePort();
        Registry registry = LocateRegistry.createRegistry(registryPort);
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi://127.0.0.1:" + rmiPort
                + "/jndi/rmi://127.0.0.1:" + registryPort + "/jmxrmi");
        JMXConnectorServer server = JMXConnectorServerFactory.newJMXConnectorServer(url, null,
                MBeanServerFactory.newMBeanServer());
        server.start();
        try {
            String address = RmiStubAddress.lookup(RemoteAddresses.parse("127.0.0.1:" + registryPort),
                    new TimeoutSocketFactory(2_000, 2_000, false));
            assertThat(address).endsWith(":" + rmiPort);
        } finally {
            server.stop();
            UnicastRemoteObject.unexportObject(registry, true);
        }
    }

    @Test
    void nothingListeningGivesNoAddressAndNoException() throws Exception {
        assertThat(RmiStubAddress.lookup(RemoteAddresses.parse("127.0.0.1:" + freePort()),
                new TimeoutSocketFactory(2_000, 2_000, false))).isNull();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
