package dev.poolscope.live.threads;

import com.sun.tools.attach.VirtualMachine;
import dev.poolscope.demo.EmbeddedDatabase;
import dev.poolscope.live.threads.target.StuckTargetMain;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * {@link StuckTargetMain} running in a child JVM of a chosen Java and HikariCP version, with its
 * "silent-db" pool behind its own {@link SilentProxy}, attached over JMX the way PoolScope attaches
 * (Attach API, local management agent). Once started, the proxy is silent and the child's
 * "silent-reader" is waiting for an answer.
 */
final class ChildTarget implements AutoCloseable {

    private final SilentProxy proxy;
    private final Process process;
    private final JMXConnector jmx;
    private final List<String> output = new CopyOnWriteArrayList<>();

    ChildTarget(EmbeddedDatabase database, Path javaHome, String hikariJar) throws Exception {
        proxy = new SilentProxy(database.port());
        String proxied = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + EmbeddedDatabase.DATABASE;
        Path libs = Path.of(System.getProperty("poolscope.itlibs", "target/it-libs"));
        String classpath;
        try (Stream<Path> jars = Files.list(libs)) {
            classpath = Stream.concat(
                    Stream.of(Path.of(StuckTargetMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())),
                    jars.filter(p -> {
                        String n = p.getFileName().toString();
                        return n.equals(hikariJar) || n.startsWith("postgresql-") || n.startsWith("slf4j-");
                    })).map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        }
        process = new ProcessBuilder(javaHome.resolve("bin").resolve("java").toString(), "-Xmx128m", "-cp", classpath,
                StuckTargetMain.class.getName(), database.jdbcUrl(), proxied).redirectErrorStream(true).start();
        Thread reader = new Thread(this::collectOutput, "stuck-target-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();

        await().atMost(Duration.ofSeconds(60)).until(() -> output.contains("PROXY-READY") || !process.isAlive());
        if (!process.isAlive()) {
            throw new IllegalStateException("child exited: " + output);
        }
        proxy.silence();
        OutputStream stdin = process.getOutputStream();
        stdin.write("GO\n".getBytes(StandardCharsets.UTF_8));
        stdin.flush();

        VirtualMachine vm = VirtualMachine.attach(Long.toString(process.pid()));
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        jmx = JMXConnectorFactory.connect(new JMXServiceURL(address));
    }

    MBeanServerConnection mbeans() throws IOException {
        return jmx.getMBeanServerConnection();
    }

    List<String> output() {
        return output;
    }

    private void collectOutput() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                output.add(line);
            }
        } catch (IOException ended) {
            // the child exited
        }
    }

    @Override
    public void close() throws Exception {
        try {
            jmx.close();
        } finally {
            process.destroyForcibly().waitFor();
            proxy.close();
        }
    }
}
