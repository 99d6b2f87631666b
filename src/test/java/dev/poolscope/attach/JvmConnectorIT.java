package dev.poolscope.attach;

import dev.poolscope.attach.ConnectFailure.Reason;
import dev.poolscope.it.ChildJvm;
import dev.poolscope.it.IdleTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Attaches to and connects with real child JVMs, and checks each failure gets its specific message. */
class JvmConnectorIT {

    private static final JvmConnector connector = new JvmConnector();
    private static ChildJvm idle;

    @BeforeAll
    static void startTarget() throws Exception {
        idle = ChildJvm.start(List.of("-Xmx64m"), IdleTarget.class.getName());
    }

    @AfterAll
    static void stop() throws Exception {
        idle.close();
        connector.close();
    }

    @Test
    void listsARunningJvmAsAttachableOnceItHasRunAMoment() {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(connector.listLocal()).anySatisfy(j -> {
                    assertThat(j.pid()).isEqualTo(idle.pid());
                    assertThat(j.displayName()).contains("IdleTarget");
                    assertThat(j.jvmVersion()).startsWith(String.valueOf(Runtime.version().feature()));
                    assertThat(j.attachable()).isTrue();
                }));
        assertThat(connector.listLocal()).noneMatch(j -> j.pid() == ProcessHandle.current().pid());
    }

    @Test
    void attachesWithoutTheProbeAndReadsTheRuntime() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> connector.listLocal().stream().anyMatch(j -> j.pid() == idle.pid() && j.attachable()));
        long start = System.nanoTime();
        try (TargetConnection c = connector.attach(idle.pid(), false)) {
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(millis).as("attach took %d ms", millis).isLessThan(5_000);
            assertThat(c.info().pid()).isEqualTo(idle.pid());
            assertThat(c.info().probe()).isEqualTo(ProbeStatus.ABSENT);
            assertThat(c.info().displayName()).contains("IdleTarget");
            assertThat(c.mbeans().getMBeanCount()).isPositive();
        }
    }

    @Test
    void aPidThatDoesNotExistIsReportedAsSuch() throws Exception {
        long dead;
        try (ChildJvm short_ = ChildJvm.start(List.of(), IdleTarget.class.getName())) {
            dead = short_.pid();
        }
        assertThatThrownBy(() -> connector.attach(dead, false))
                .isInstanceOfSatisfying(ConnectFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.NO_SUCH_PROCESS))
                .hasMessageContaining("no process with pid " + dead);
    }

    @Test
    void aJvmWithAttachDisabledGetsAClearMessage() throws Exception {
        try (ChildJvm noAttach = ChildJvm.start(List.of("-XX:+DisableAttachMechanism"), IdleTarget.class.getName())) {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThatThrownBy(() -> connector.attach(noAttach.pid(), false))
                            .isInstanceOfSatisfying(ConnectFailure.class, f -> assertThat(f.reason())
                                    .isIn(Reason.ATTACH_DISABLED, Reason.NOT_ATTACHABLE))
                            .hasMessageNotContaining("started less than"));
        }
    }

    @Test
    void aClosedPortIsRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        int closedPort = port;
        assertThatThrownBy(() -> connector.connect(new RemoteTarget("127.0.0.1:" + closedPort, null, null, false)))
                .isInstanceOfSatisfying(ConnectFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.REFUSED))
                .hasMessageContaining("connection refused");
    }

    @Test
    void aPortThatIsNotJmxIsRecognised() throws Exception {
        try (ServerSocket http = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                while (!http.isClosed()) {
                    try (Socket s = http.accept(); OutputStream out = s.getOutputStream()) {
                        out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "fake-http");
            server.setDaemon(true);
            server.start();
            assertThatThrownBy(() -> connector.connect(new RemoteTarget("127.0.0.1:" + http.getLocalPort(), null, null, false)))
                    .isInstanceOfSatisfying(ConnectFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.NOT_JMX));
        }
    }

    @Test
    void remoteJmxWithWrongPasswordFailsAuthenticationAndRightPasswordConnects(@TempDir Path dir) throws Exception {
        Path passwords = dir.resolve("jmxremote.password");
        Files.writeString(passwords, "oncall s3cret\n");
        Files.setPosixFilePermissions(passwords, PosixFilePermissions.fromString("rw-------"));
        Path access = dir.resolve("jmxremote.access");
        Files.writeString(access, "oncall readonly\n");
        int port = freePort();
        try (ChildJvm secured = ChildJvm.start(List.of(
                "-Dcom.sun.management.jmxremote.port=" + port, "-Dcom.sun.management.jmxremote.rmi.port=" + port,
                "-Dcom.sun.management.jmxremote.host=127.0.0.1", "-Djava.rmi.server.hostname=127.0.0.1",
                "-Dcom.sun.management.jmxremote.ssl=false", "-Dcom.sun.management.jmxremote.authenticate=true",
                "-Dcom.sun.management.jmxremote.password.file=" + passwords,
                "-Dcom.sun.management.jmxremote.access.file=" + access), IdleTarget.class.getName())) {
            assertThatThrownBy(() -> connector.connect(new RemoteTarget("127.0.0.1:" + port, "oncall", "Tr0ub4dor-guess".toCharArray(), false)))
                    .isInstanceOfSatisfying(ConnectFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.AUTH_FAILED))
                    .hasMessageNotContaining("Tr0ub4dor");
            assertThatThrownBy(() -> connector.connect(new RemoteTarget("127.0.0.1:" + port, null, null, true)))
                    .isInstanceOfSatisfying(ConnectFailure.class, f -> assertThat(f.reason()).isIn(Reason.SSL_MISMATCH, Reason.NOT_JMX));
            try (TargetConnection c = connector.connect(new RemoteTarget("127.0.0.1:" + port, "oncall", "s3cret".toCharArray(), false))) {
                assertThat(c.info().pid()).isEqualTo(secured.pid());
                assertThat(c.info().address()).doesNotContain("s3cret");
            }
        }
    }

    @Test
    void aRegistryThatHandsOutAnUnreachableAddressIsExplainedAsNat() throws Exception {
        int port = freePort();
        int rmiPort = freePort();
        try (ChildJvm natted = ChildJvm.start(List.of(
                "-Dcom.sun.management.jmxremote.port=" + port, "-Dcom.sun.management.jmxremote.rmi.port=" + rmiPort,
                "-Dcom.sun.management.jmxremote.host=127.0.0.1",
                // The address a container or NAT would hand out: this machine cannot resolve it.
                "-Djava.rmi.server.hostname=internal-10-0-3-7.invalid",
                "-Dcom.sun.management.jmxremote.ssl=false", "-Dcom.sun.management.jmxremote.authenticate=false"),
                IdleTarget.class.getName())) {
            assertThatThrownBy(() -> connector.connect(new RemoteTarget("127.0.0.1:" + port, null, null, false)))
                    .isInstanceOfSatisfying(ConnectFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.NAT_RMI))
                    .hasMessageContaining("java.rmi.server.hostname");
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
