package dev.poolscope.probe;

import dev.poolscope.attach.DeadlineRunner;
import dev.poolscope.attach.JvmConnector;
import dev.poolscope.attach.RemoteProbeLoader;
import dev.poolscope.attach.RemoteTarget;
import dev.poolscope.attach.TargetConnection;
import dev.poolscope.live.PoolSnapshot;
import dev.poolscope.live.ProbeSnapshotReader;
import dev.poolscope.live.TargetSnapshot;
import dev.poolscope.attach.ProbeStatus;
import dev.poolscope.live.report.SnapshotJson;
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
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

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

    @Test
    @SuppressWarnings("unchecked")
    void theNoProbeJsonComesFieldByFieldFromHikariCpsMBeansAndSaysWhyTheRestIsNull() throws Exception {
        TargetSnapshot s = read("oncall", "s3cret");
        Map<String, Object> root = SnapshotJson.toMap(s);
        Map<String, Object> pool = ((List<Map<String, Object>>) root.get("pools")).get(0);
        Map<String, Object> config = (Map<String, Object>) pool.get("config");
        Map<String, Object> borrow = (Map<String, Object>) pool.get("borrow");
        Map<String, String> absent = (Map<String, String>) pool.get("absentReasons");
        Map<String, String> sources = (Map<String, String>) pool.get("sources");

        ObjectName poolBean = new ObjectName("com.zaxxer.hikari:type=Pool (orders)");
        ObjectName configBean = new ObjectName("com.zaxxer.hikari:type=PoolConfig (orders)");
        try (JMXConnector direct = JMXConnectorFactory.connect(new JMXServiceURL(
                "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi"),
                Map.of(JMXConnector.CREDENTIALS, new String[] {"oncall", "s3cret"}))) {
            MBeanServerConnection mbs = direct.getMBeanServerConnection();
            assertThat(pool.get("active")).isEqualTo(mbs.getAttribute(poolBean, "ActiveConnections"));
            assertThat(pool.get("idle")).isEqualTo(mbs.getAttribute(poolBean, "IdleConnections"));
            assertThat(pool.get("total")).isEqualTo(mbs.getAttribute(poolBean, "TotalConnections"));
            assertThat(pool.get("pending")).isEqualTo(mbs.getAttribute(poolBean, "ThreadsAwaitingConnection"));
            assertThat(borrow.get("waiting")).isEqualTo(mbs.getAttribute(poolBean, "ThreadsAwaitingConnection"));
            assertThat(config.get("maximumPoolSize")).isEqualTo(mbs.getAttribute(configBean, "MaximumPoolSize"));
            assertThat(config.get("minimumIdle")).isEqualTo(mbs.getAttribute(configBean, "MinimumIdle"));
            assertThat(config.get("idleTimeoutMillis")).isEqualTo(mbs.getAttribute(configBean, "IdleTimeout"));
            assertThat(config.get("maxLifetimeMillis")).isEqualTo(mbs.getAttribute(configBean, "MaxLifetime"));
            assertThat(config.get("validationTimeoutMillis")).isEqualTo(mbs.getAttribute(configBean, "ValidationTimeout"));
            assertThat(config.get("connectionTimeoutMillis")).isEqualTo(mbs.getAttribute(configBean, "ConnectionTimeout"));
            assertThat(config.get("leakDetectionThresholdMillis")).isEqualTo(mbs.getAttribute(configBean, "LeakDetectionThreshold"));
        }
        assertThat(sources.get("counts")).startsWith("HikariPoolMXBean com.zaxxer.hikari:type=Pool (orders)");
        assertThat(sources.get("config")).isEqualTo("HikariConfigMXBean com.zaxxer.hikari:type=PoolConfig (orders)");

        // The MBeans do not count borrows: unknown (null), never 0.
        assertThat(borrow.get("count")).isNull();
        assertThat(borrow.get("timeouts")).isNull();
        assertThat(borrow.get("failures")).isNull();
        assertThat(borrow.get("p50Millis")).isNull();
        assertThat((String) borrow.get("notMeasuredReason")).contains("not exposed over JMX without the PoolScope probe");
        for (String key : List.of("keepaliveTimeMillis", "jdbcUrl", "connectionTestQuery")) {
            assertThat(config.get(key)).as(key).isNull();
            assertThat(absent.get("config." + key)).as(key).contains("not exposed over JMX without the PoolScope probe");
        }
        assertThat(absent.get("version")).contains("do not say which version");
        assertThat((List<?>) pool.get("connections")).isEmpty();
        assertThat(absent.get("connections")).contains("per-connection view not available");
        assertThat(root.get("poolsUnavailableReason")).isNull();

        String text = SnapshotText.write(s);
        assertThat(text).contains("keepaliveTime ?").doesNotContain("keepaliveTime n/a")
                .contains("source of counts: HikariPoolMXBean").contains("borrows: waiting 0; counts and wait times not exposed");
    }

    @Test
    void aPoolWithoutMBeansIsExplainedWithTheFixAndAProbeLoadedEarlierIsNotCalledAbsent() throws Exception {
        int plainPort = freePort();
        try (TargetJvm plain = TargetJvm.onClassPath(List.of("-XX:TieredStopAtLevel=1",
                        "-Dcom.sun.management.jmxremote.port=" + plainPort, "-Dcom.sun.management.jmxremote.rmi.port=" + plainPort,
                        "-Dcom.sun.management.jmxremote.host=127.0.0.1", "-Djava.rmi.server.hostname=127.0.0.1",
                        "-Dcom.sun.management.jmxremote.ssl=false", "-Dcom.sun.management.jmxremote.authenticate=false"),
                "6.3.3", SharedDatabase.jdbcUrlWithCredentials(), "billing")) {
            plain.awaitLine("POOLREADY", STEP);
            TargetSnapshot remote;
            try (TargetConnection c = connector.connect(new RemoteTarget("127.0.0.1:" + plainPort, null, null, false))) {
                remote = new ProbeSnapshotReader().read(c);
            }
            assertThat(remote.pools()).isEmpty();
            assertThat(SnapshotJson.toMap(remote).get("poolsUnavailableReason")).asString()
                    .contains("registerMbeans=false").contains("spring.datasource.hikari.register-mbeans=true");
            assertThat(SnapshotText.write(remote)).contains("registerMbeans=false");

            plain.attach(true); // an earlier session loaded the probe
            // The connector refuses JVMs younger than 2 s (attaching to a starting JVM can crash it).
            java.time.Instant started = ProcessHandle.of(plain.pid()).orElseThrow().info().startInstant().orElseThrow();
            org.awaitility.Awaitility.await().atMost(STEP).until(() -> java.time.Instant.now().isAfter(started.plusMillis(2500)));
            try (TargetConnection c = connector.attach(plain.pid(), false)) {
                assertThat(c.info().probe()).isEqualTo(ProbeStatus.LOADED);
                assertThat(c.info().probeMessage()).contains("already loaded");
                TargetSnapshot s = new ProbeSnapshotReader().read(c);
                assertThat(s.pools()).extracting(PoolSnapshot::name).containsExactly("billing");
                assertThat(SnapshotText.write(s)).doesNotContain("Probe   absent");
            }
        }
    }

    @Test
    void probeJarLoadsTheProbeOverJmxAndEveryFailureIsSaidInWords() throws Exception {
        int probePort = freePort();
        Path passwordFile = dir.resolve("admin.password");
        Files.writeString(passwordFile, "adm1n\n");
        try (TargetJvm service = TargetJvm.onClassPath(List.of("-XX:TieredStopAtLevel=1",
                        "-Dcom.sun.management.jmxremote.port=" + probePort, "-Dcom.sun.management.jmxremote.rmi.port=" + probePort,
                        "-Dcom.sun.management.jmxremote.host=127.0.0.1", "-Djava.rmi.server.hostname=127.0.0.1",
                        "-Dcom.sun.management.jmxremote.ssl=false", "-Dcom.sun.management.jmxremote.authenticate=true",
                        "-Dcom.sun.management.jmxremote.password.file=" + dir.resolve("jmxremote.password"),
                        "-Dcom.sun.management.jmxremote.access.file=" + dir.resolve("jmxremote.access")),
                "6.3.3", SharedDatabase.jdbcUrlWithCredentials(), "payments");
             DeadlineRunner runner = new DeadlineRunner("it-remote-probe")) {
            service.awaitLine("POOLREADY", STEP);
            service.send("HOLD worker-9");
            service.awaitLine("HELD worker-9", STEP);
            RemoteProbeLoader loader = new RemoteProbeLoader(runner, Duration.ofSeconds(5), Clock.systemUTC());
            String address = "127.0.0.1:" + probePort;

            try (TargetConnection c = loader.load(connector.connect(new RemoteTarget(address, "oncall", "s3cret".toCharArray(), false)),
                    TargetJvm.PROBE_JAR.toAbsolutePath().toString())) {
                assertThat(c.info().probe()).isEqualTo(ProbeStatus.FAILED);
                assertThat(c.info().probeMessage()).contains("'readonly' role").contains("'readwrite'");
            }
            try (TargetConnection c = loader.load(connector.connect(new RemoteTarget(address, "admin", "adm1n".toCharArray(), false)),
                    "/nonexistent/poolscope-probe.jar")) {
                System.out.println("missing jar: " + c.info().probeMessage());
                assertThat(c.info().probe()).isEqualTo(ProbeStatus.FAILED);
                assertThat(c.info().probeMessage()).contains("no readable probe jar at /nonexistent/poolscope-probe.jar on the target's host");
            }

            // The user's path: the CLI as a separate process, loading the real probe jar over JMX.
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "dev.poolscope.Main", "snapshot", "--jmx", address,
                    "--user", "admin", "--password-file", passwordFile.toString(),
                    "--probe-jar", TargetJvm.PROBE_JAR.toAbsolutePath().toString(), "--yes", "--json");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            System.out.println(out);
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).contains("\"probe\": \"loaded\"").contains("loaded over JMX from");

            try (TargetConnection c = connector.connect(new RemoteTarget(address, "oncall", "s3cret".toCharArray(), false))) {
                assertThat(c.info().probe()).isEqualTo(ProbeStatus.LOADED);
                PoolSnapshot payments = new ProbeSnapshotReader().read(c).pools().get(0);
                assertThat(payments.name()).isEqualTo("payments");
                assertThat(payments.connections()).hasSize(2)
                        .anySatisfy(row -> assertThat(row.state().jsonName()).isEqualTo("in_use"));
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
