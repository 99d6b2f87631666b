package dev.poolscope.probe;

import dev.poolscope.attach.JvmConnector;
import dev.poolscope.attach.RemoteTarget;
import dev.poolscope.attach.TargetConnection;
import dev.poolscope.live.PoolSnapshot;
import dev.poolscope.live.ProbeSnapshotReader;
import dev.poolscope.live.TargetSnapshot;
import dev.poolscope.live.report.SnapshotText;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real HikariCP service reached over remote JMX with real jmxremote.password/access files, as an
 * on-call engineer reaches production: no probe, HikariCP's own MBeans (registerMbeans=true).
 */
@ExtendWith(SharedDatabase.class)
class RemoteJmxIT {

    static final Duration STEP = Duration.ofSeconds(30);

    private static Path dir;
    private static int port;
    private static TargetJvm registered;
    private static final JvmConnector connector = new JvmConnector();

    @BeforeAll
    static void startService() throws Exception {
        dir = Files.createTempDirectory("poolscope-remote-it");
        Path passwords = dir.resolve("jmxremote.password");
        Files.writeString(passwords, "oncall s3cret\nadmin adm1n\n");
        Files.setPosixFilePermissions(passwords, PosixFilePermissions.fromString("rw-------"));
        Path access = dir.resolve("jmxremote.access");
        Files.writeString(access, "oncall readonly\nadmin readwrite\n");
        // HikariConfig's constructor reads this file: the way a service sets registerMbeans without code.
        Path hikari = dir.resolve("hikari.properties");
        Files.writeString(hikari, "registerMbeans=true\n");
        port = freePort();
        registered = TargetJvm.onClassPath(List.of("-XX:TieredStopAtLevel=1",
                        "-Dhikaricp.configurationFile=" + hikari,
                        "-Dcom.sun.management.jmxremote.port=" + port, "-Dcom.sun.management.jmxremote.rmi.port=" + port,
                        "-Dcom.sun.management.jmxremote.host=127.0.0.1", "-Djava.rmi.server.hostname=127.0.0.1",
                        "-Dcom.sun.management.jmxremote.ssl=false", "-Dcom.sun.management.jmxremote.authenticate=true",
                        "-Dcom.sun.management.jmxremote.password.file=" + passwords,
                        "-Dcom.sun.management.jmxremote.access.file=" + access),
                "6.3.3", SharedDatabase.jdbcUrlWithCredentials(), "orders");
        registered.awaitLine("POOLREADY", STEP);
        registered.send("HOLD worker-1");
        registered.awaitLine("HELD worker-1", STEP);
    }

    @AfterAll
    static void stop() throws IOException {
        if (registered != null) {
            registered.close();
        }
        connector.close();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }

    static TargetSnapshot read(String user, String password) throws Exception {
        try (TargetConnection c = connector.connect(new RemoteTarget("127.0.0.1:" + port, user, password.toCharArray(), false))) {
            return new ProbeSnapshotReader().read(c);
        }
    }

    @Test
    void aReadOnlyUserSeesThePoolsAndIsToldWhatTheRoleForbids() throws Exception {
        TargetSnapshot s = read("oncall", "s3cret");

        assertThat(s.pools()).extracting(PoolSnapshot::name).containsExactly("orders");
        PoolSnapshot orders = s.pools().get(0);
        assertThat(orders.total()).isEqualTo(2);
        assertThat(orders.active()).isEqualTo(1);
        assertThat(orders.idle()).isEqualTo(1);
        assertThat(orders.config().maximumPoolSize()).isEqualTo(2);
        assertThat(orders.config().connectionTimeoutMillis()).isEqualTo(2000);

        assertThat(s.threads()).isEmpty();
        assertThat(s.threadAnalysis()).isNull();
        assertThat(s.threadsUnavailableReason()).contains("read-only access").contains("'readwrite'")
                .contains("getThreadInfo");
        assertThat(s.threadCounts()).isNotNull();
        assertThat(s.threadCounts().live()).isGreaterThan(s.threadCounts().daemon()).isPositive();

        String text = SnapshotText.write(s);
        assertThat(text).contains("Pool \"orders\"").contains("from ThreadMXBean attributes")
                .contains("Thread analysis is not available").doesNotContain("OK      ");
    }

    @Test
    void aReadWriteUserGetsTheThreadAnalysis() throws Exception {
        TargetSnapshot s = read("admin", "adm1n");

        assertThat(s.threadsUnavailableReason()).isNull();
        assertThat(s.threadAnalysis()).isNotNull();
        assertThat(s.threads()).anySatisfy(t -> assertThat(t.name()).isEqualTo("worker-1"));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
