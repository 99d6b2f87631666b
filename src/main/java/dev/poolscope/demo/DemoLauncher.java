package dev.poolscope.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Starts the demo: an embedded PostgreSQL, then {@link DemoService} in a JVM of its own (so that
 * PoolScope attaches to another process, as it would in production), with JMX on a loopback port.
 */
public final class DemoLauncher {

    private static final Duration READY_DEADLINE = Duration.ofSeconds(60);

    private DemoLauncher() {
    }

    /**
     * Blocking: takes a few seconds. {@code progress} gets short phrases for a status line.
     *
     * @throws IllegalStateException with a user-facing message when something did not start
     */
    public static DemoHandle start(Consumer<String> progress) {
        progress.accept("Starting the embedded PostgreSQL…");
        EmbeddedDatabase db = EmbeddedDatabase.start();
        Process process = null;
        try {
            progress.accept("Starting the demo service JVM…");
            int jmxPort = freeLoopbackPort();
            Path log = Files.createTempFile(LeftoverServers.LOG_PREFIX + ProcessHandle.current().pid() + "-", ".log");
            List<String> cmd = new ArrayList<>();
            cmd.add(javaLauncher());
            cmd.add("-Xmx256m");
            cmd.add("-Dcom.sun.management.jmxremote.port=" + jmxPort);
            cmd.add("-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort);
            cmd.add("-Dcom.sun.management.jmxremote.host=127.0.0.1");
            cmd.add("-Djava.rmi.server.hostname=127.0.0.1");
            cmd.add("-Dcom.sun.management.jmxremote.authenticate=false");
            cmd.add("-Dcom.sun.management.jmxremote.ssl=false");
            if (Runtime.version().feature() >= 21) {
                cmd.add("-XX:+EnableDynamicAgentLoading"); // we load our own probe into our own demo: no JEP 451 warning
            }
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(DemoService.class.getName());
            cmd.add(db.jdbcUrl());
            cmd.add(db.dataDir().toString()); // the service stops this server if we die (see ParentWatcher)
            process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            awaitReady(process, log);
            settle(process);
            String jmxUrl = "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi";
            progress.accept("Demo service running.");
            RunningDemo demo = new RunningDemo(db, process, jmxUrl, log);
            // If the service dies (kill -9 included), its PostgreSQL and log must not outlive it.
            process.onExit().thenRun(demo::close);
            return demo;
        } catch (IOException | RuntimeException e) {
            if (process != null) {
                process.destroyForcibly();
            }
            db.close();
            throw e instanceof IllegalStateException ise ? ise
                    : new IllegalStateException("The demo could not start: " + e.getMessage(), e);
        }
    }

    /** Copies the service's output to its log file and returns once it printed READY. */
    private static void awaitReady(Process process, Path log) {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 var w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    w.write(line);
                    w.newLine();
                    w.flush();
                    if (line.startsWith("READY")) {
                        ready.complete(null);
                    }
                }
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IllegalStateException("the demo service exited before it was ready; see " + log));
        }, "poolscope-demo-output");
        pump.setDaemon(true);
        pump.start();
        try {
            ready.get(READY_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("The demo service did not become ready within " + READY_DEADLINE.toSeconds()
                    + " s; its output is in " + log, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("The demo could not start: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Cancelled while starting the demo.", e);
        }
    }

    /**
     * PoolScope does not attach to JVMs younger than 2 s (attaching to a starting JVM can crash it),
     * so the demo is handed out only once it is old enough to attach to at once.
     */
    static final Duration ATTACHABLE_AGE = Duration.ofMillis(2_500);

    private static void settle(Process process) {
        java.time.Instant started = process.info().startInstant().orElse(java.time.Instant.now());
        long remainingMillis = Duration.between(java.time.Instant.now(), started.plus(ATTACHABLE_AGE)).toMillis();
        try {
            // waitFor returns early only if the service dies, which the caller then sees as !isAlive().
            if (remainingMillis > 0 && process.waitFor(remainingMillis, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("The demo service exited right after starting (exit code "
                        + process.exitValue() + ").");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Cancelled while starting the demo.", e);
        }
    }

    /** The java launcher of the running runtime (the installed app's bundled one included). */
    static String javaLauncher() {
        Path java = Paths.get(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java");
        if (Files.isExecutable(java)) {
            return java.toString();
        }
        return ProcessHandle.current().info().command().orElseThrow(() ->
                new IllegalStateException("No java launcher found in " + System.getProperty("java.home")));
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase().startsWith("windows");
    }

    private static int freeLoopbackPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port for the demo's JMX: " + e.getMessage(), e);
        }
    }

    private static final class RunningDemo implements DemoHandle {
        private final EmbeddedDatabase db;
        private final Process process;
        private final String jmxUrl;
        private final Path log;
        private boolean closed;

        RunningDemo(EmbeddedDatabase db, Process process, String jmxUrl, Path log) {
            this.db = db;
            this.process = process;
            this.jmxUrl = jmxUrl;
            this.log = log;
        }

        @Override
        public long servicePid() {
            return process.pid();
        }

        @Override
        public String jmxUrl() {
            return jmxUrl;
        }

        @Override
        public String jdbcUrl() {
            return db.jdbcUrl();
        }

        @Override
        public boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            } finally {
                db.close();
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // A leftover temp log file is harmless.
                }
            }
        }

        @Override
        public String toString() {
            return "demo service pid " + process.pid() + " (" + jmxUrl + ")";
        }
    }
}
