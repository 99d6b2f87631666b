package dev.poolscope.attach;

import org.junit.jupiter.api.Test;

import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.net.UnknownHostException;
import java.rmi.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RemoteAddressesTest {

    @Test
    void hostAndPortBecomeTheStandardRmiUrl() throws Exception {
        assertThat(RemoteAddresses.parse("db-app-3:9010").toString())
                .isEqualTo("service:jmx:rmi:///jndi/rmi://db-app-3:9010/jmxrmi");
        assertThat(RemoteAddresses.parse(" [::1]:9010 ").toString())
                .isEqualTo("service:jmx:rmi:///jndi/rmi://[::1]:9010/jmxrmi");
    }

    @Test
    void fullServiceUrlsAreKept() throws Exception {
        String url = "service:jmx:rmi:///jndi/rmi://10.1.2.3:7199/jmxrmi";
        assertThat(RemoteAddresses.parse(url).toString()).isEqualTo(url);
    }

    @Test
    void badInputGetsASpecificMessage() {
        assertThatThrownBy(() -> RemoteAddresses.parse("")).hasMessageContaining("Enter a JMX service URL");
        assertThatThrownBy(() -> RemoteAddresses.parse("localhost")).hasMessageContaining("neither host:port");
        assertThatThrownBy(() -> RemoteAddresses.parse("localhost:70000")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> RemoteAddresses.parse("service:jmx:bogus")).hasMessageContaining("Not a valid JMX service URL")
                .isInstanceOfSatisfying(ConnectFailure.class, f -> assertThat(f.reason()).isEqualTo(ConnectFailure.Reason.BAD_ADDRESS));
    }

    @Test
    void anUnreachableStubHostIsReportedAsTheNatProblem() throws Exception {
        JMXServiceURL url = RemoteAddresses.parse("gateway.example:9010");
        IOException e = new IOException("Failed to retrieve RMIServer stub",
                new ConnectException("Connection refused to host: 172.17.0.5; nested exception is: ..."));
        ConnectFailure f = RemoteAddresses.classify(e, url, "gateway.example:9010");
        assertThat(f.reason()).isEqualTo(ConnectFailure.Reason.NAT_RMI);
        assertThat(f.getMessage()).contains("java.rmi.server.hostname").contains("jmxremote.rmi.port").contains("172.17.0.5");
    }

    @Test
    void aTunnelToATargetThatNamesItselfIsExplainedAsATunnel() throws Exception {
        JMXServiceURL url = RemoteAddresses.parse("localhost:9010");
        IOException e = new IOException("Failed to retrieve RMIServer stub",
                new ConnectException("Connection refused to host: 10.42.0.17; nested exception is: ..."));
        ConnectFailure f = RemoteAddresses.classify(e, url, "localhost:9010");
        assertThat(f.reason()).isEqualTo(ConnectFailure.Reason.NAT_RMI);
        assertThat(f.getMessage()).contains("ssh -L").contains("kubectl port-forward").contains("10.42.0.17")
                .contains("java.rmi.server.hostname=127.0.0.1");
    }

    @Test
    void aTunnelThatForwardsOnlyTheRegistryPortIsExplained() throws Exception {
        JMXServiceURL url = RemoteAddresses.parse("127.0.0.1:9010");
        ConnectFailure f = RemoteAddresses.classify(new ConnectException("Connection refused to host: 127.0.0.1; nested exception is: ..."),
                url, "127.0.0.1:9010");
        assertThat(f.reason()).isEqualTo(ConnectFailure.Reason.NAT_RMI);
        assertThat(f.getMessage()).contains("forward that one port").contains("jmxremote.rmi.port equal to jmxremote.port");
    }

    @Test
    void aTunnelWhoseLocalPortIsNotTheHandedOutPortIsToldToForwardTheSameNumber() throws Exception {
        JMXServiceURL url = RemoteAddresses.parse("127.0.0.1:19010");
        ConnectFailure f = RemoteAddresses.classify(new ConnectException("Connection refused to host: 127.0.0.1; nested exception is: ..."),
                url, "127.0.0.1:19010", "127.0.0.1:9010");
        assertThat(f.reason()).isEqualTo(ConnectFailure.Reason.NAT_RMI);
        assertThat(f.getMessage()).contains("handed out 127.0.0.1:9010").contains("ssh -L 9010:127.0.0.1:9010")
                .contains("kubectl port-forward <pod> 9010:9010").contains("jmxremote.rmi.port equal to jmxremote.port");
    }

    @Test
    void aHandedOutPortEqualToTheTypedOneKeepsTheGeneralTunnelText() throws Exception {
        JMXServiceURL url = RemoteAddresses.parse("127.0.0.1:9010");
        ConnectFailure f = RemoteAddresses.classify(new ConnectException("Connection refused to host: 127.0.0.1; nested exception is: ..."),
                url, "127.0.0.1:9010", "127.0.0.1:9010");
        assertThat(f.getMessage()).contains("forward that one port").doesNotContain("handed out 127.0.0.1:9010");
    }

    @Test
    void aTunnelToATargetThatNamesItselfShowsTheHandedOutPortWhenKnown() throws Exception {
        JMXServiceURL url = RemoteAddresses.parse("127.0.0.1:9010");
        IOException e = new IOException(new UnknownHostException("orders-7d9f"));
        ConnectFailure f = RemoteAddresses.classify(e, url, "127.0.0.1:9010", "orders-7d9f:9010");
        assertThat(f.reason()).isEqualTo(ConnectFailure.Reason.NAT_RMI);
        assertThat(f.getMessage()).contains("(\"orders-7d9f:9010\")").contains("ssh -L").contains("kubectl port-forward");
    }

    @Test
    void anUnknownTypedHostIsNotMistakenForNat() throws Exception {
        JMXServiceURL url = RemoteAddresses.parse("nosuch.invalid:9010");
        ConnectFailure f = RemoteAddresses.classify(new IOException(new UnknownHostException("nosuch.invalid")), url, "nosuch.invalid:9010");
        assertThat(f.reason()).isEqualTo(ConnectFailure.Reason.UNKNOWN_HOST);
    }

    @Test
    void authenticationFailureSaysSo() throws Exception {
        JMXServiceURL url = RemoteAddresses.parse("h:1");
        ConnectFailure f = RemoteAddresses.classify(new SecurityException("Authentication failed! Invalid username or password"), url, "h:1");
        assertThat(f.reason()).isEqualTo(ConnectFailure.Reason.AUTH_FAILED);
    }
}
