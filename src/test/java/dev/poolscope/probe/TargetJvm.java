package dev.poolscope.probe;

import com.sun.tools.attach.VirtualMachine;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running {@link ProbeWorkload} with real jars, driven over stdin/stdout, attached to
 * for real (Attach API + the probe jar + the local management agent), read over JMX.
 */
final class TargetJvm implements AutoCloseable {

    static final Path PROBE_JAR = Paths.get(System.getProperty("poolscope.probe.jar", "target/poolscope-probe.jar"));
    static final Path IT_LIBS = Paths.get(System.getProperty("poolscope.itlibs", "target/it-libs"));

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> transcript = new CopyOnWriteArrayList<>();
    private final long pid;
    private JMXConnector connector;

    private TargetJvm(List<String> command) throws IOException, InterruptedException {
        System.out.println("starting target: " + String.join(" ", command));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        process = pb.start();
        stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    transcript.add(line);
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "target-jvm-output");
        pump.setDaemon(true);
        pump.start();
        pid = Long.parseLong(awaitLine("PID ", Duration.ofSeconds(30)).substring(4).trim());
    }

    /** HikariCP and its dependencies on the class path. */
    static TargetJvm onClassPath(String hikariVersion, String jdbcUrl, String poolName, String... extra)
            throws Exception {
        return onClassPath(List.of("-XX:TieredStopAtLevel=1"), hikariVersion, jdbcUrl, poolName, extra);
    }

    /** With full JIT compilation (slower start), for measurements. */
    static TargetJvm onClassPathFullyCompiled(String hikariVersion, String jdbcUrl, String poolName) throws Exception {
        return onClassPath(List.of(), hikariVersion, jdbcUrl, poolName);
    }

    /** HikariCP on the class path, with extra JVM options (e.g. a read-only java.io.tmpdir). */
    static TargetJvm onClassPath(List<String> jvmOptions, String hikariVersion, String jdbcUrl, String poolName,
                                         String... extra) throws Exception {
        List<String> cmd = java(jvmOptions);
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, workloadClasses(), lib("HikariCP-" + hikariVersion), lib("postgresql-"),
                lib("slf4j-api-"), lib("slf4j-nop-")));
        return launch(cmd, jdbcUrl, poolName, extra);
    }

    /** pgjdbc 42.5.6: execute synchronizes on QueryExecutorImpl (no ResourceLock, which came in 42.6). */
    static final String PGJDBC_42_5 = IT_LIBS.resolve("pgjdbc-42.5").resolve("postgresql-42.5.6.jar").toString();

    /** As {@link #onClassPath}, with another pgjdbc jar (such as {@link #PGJDBC_42_5}) instead of the current one. */
    static TargetJvm onClassPathWithDriver(String hikariVersion, String driverJar, String jdbcUrl, String poolName)
            throws Exception {
        List<String> cmd = java(List.of("-XX:TieredStopAtLevel=1"));
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, workloadClasses(), lib("HikariCP-" + hikariVersion), driverJar,
                lib("slf4j-api-"), lib("slf4j-nop-")));
        return launch(cmd, jdbcUrl, poolName);
    }

    /** HikariCP and its dependencies as named modules on the module path; the workload on the class path. */
    static TargetJvm onModulePath(String hikariVersion, String jdbcUrl, String poolName, String... extra)
            throws Exception {
        List<String> cmd = java(List.of("-XX:TieredStopAtLevel=1"));
        cmd.add("--module-path");
        cmd.add(String.join(File.pathSeparator, lib("HikariCP-" + hikariVersion), lib("postgresql-"),
                lib("slf4j-api-"), lib("slf4j-nop-")));
        cmd.add("--add-modules");
        cmd.add("com.zaxxer.hikari,org.postgresql.jdbc");
        cmd.add("-cp");
        cmd.add(workloadClasses());
        return launch(cmd, jdbcUrl, poolName, extra);
    }

    /** Another workload main class (one of the ProbeWorkload* classes) with HikariCP 5.1.0 on the class path. */
    static TargetJvm withMain(List<String> jvmOptions, Class<?> mainClass, String... args) throws Exception {
        List<String> cmd = java(jvmOptions);
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, workloadClasses(), lib("HikariCP-5.1.0"), lib("postgresql-"),
                lib("slf4j-api-"), lib("slf4j-nop-")));
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        return new TargetJvm(cmd);
    }

    /**
     * In its own PID and mount namespace with a private /tmp ({@code unshare --pid --mount --fork
     * --mount-proc}, root only), so it is pid 1 there and sees none of PoolScope's files under /tmp.
     * {@link #pid()} is then its namespace pid; {@link #hostPid()} the one PoolScope uses.
     */
    static TargetJvm inContainer(String hikariVersion, String jdbcUrl, String poolName) throws Exception {
        // The workload normally sits under /tmp, which the container does not see: copy it beside target/it-libs.
        Path outside = IT_LIBS.toAbsolutePath().getParent().resolve("container-workload");
        Path pkg = outside.resolve("dev/poolscope/probe");
        Files.createDirectories(pkg);
        try (var files = Files.list(Paths.get(workloadClasses()).resolve("dev/poolscope/probe"))) {
            for (Path f : files.toList()) {
                Files.copy(f, pkg.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        List<String> java = java(List.of("-XX:TieredStopAtLevel=1"));
        java.add("-cp");
        java.add(String.join(File.pathSeparator, outside.toString(), lib("HikariCP-" + hikariVersion), lib("postgresql-"),
                lib("slf4j-api-"), lib("slf4j-nop-")));
        java.add(ProbeWorkload.class.getName());
        java.add(jdbcUrl);
        java.add(poolName);
        StringBuilder shell = new StringBuilder("mount -t tmpfs tmpfs /tmp && exec");
        for (String a : java) {
            shell.append(" '").append(a.replace("'", "'\\''")).append('\'');
        }
        return new TargetJvm(List.of("/usr/bin/unshare", "--pid", "--mount", "--fork", "--mount-proc", "/bin/sh", "-c",
                shell.toString()));
    }

    /**
     * A JVM with two parked threads and no pool under {@code unshare --net --pid --mount --fork
     * --mount-proc} with a private /tmp: a container with its own network namespace, whose loopback
     * is not this machine's. Prints READY.
     */
    static TargetJvm inOwnNetworkNamespace() throws Exception {
        List<String> java = java(List.of("-XX:TieredStopAtLevel=1"));
        java.add("-cp");
        java.add(System.getProperty("java.class.path"));
        java.add(dev.poolscope.it.ManyThreadsTarget.class.getName());
        java.add("2");
        // TargetJvm reads "PID n" first: the shell is pid 1 of the namespace and exec keeps it for java.
        StringBuilder shell = new StringBuilder("echo PID $$; ip link set lo up 2>/dev/null; mount -t tmpfs tmpfs /tmp && exec");
        for (String a : java) {
            shell.append(" '").append(a.replace("'", "'\\''")).append('\'');
        }
        return new TargetJvm(List.of("/usr/bin/unshare", "--net", "--pid", "--mount", "--fork", "--mount-proc", "/bin/sh", "-c",
                shell.toString()));
    }

    /** The pid on this machine of the JVM (for {@link #inContainer}, not the namespace's pid 1). */
    long hostPid() {
        return process.descendants().filter(p -> p.info().command().orElse("").endsWith("/java"))
                .map(ProcessHandle::pid).findFirst().orElse(process.pid());
    }

    /** With the probe given at startup, {@code -javaagent}. */
    static TargetJvm withJavaAgent(String hikariVersion, String jdbcUrl, String poolName) throws Exception {
        return withJavaAgent(hikariVersion, jdbcUrl, poolName, List.of());
    }

    /** As {@link #withJavaAgent(String, String, String)}, with more JVM options (e.g. a second -javaagent). */
    static TargetJvm withJavaAgent(String hikariVersion, String jdbcUrl, String poolName, List<String> moreJvmOptions)
            throws Exception {
        List<String> options = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1", "-javaagent:" + PROBE_JAR.toAbsolutePath(),
                "-Dpoolscope.probe.startupDelayMillis=200"));
        options.addAll(moreJvmOptions);
        List<String> cmd = java(options);
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, workloadClasses(), lib("HikariCP-" + hikariVersion), lib("postgresql-"),
                lib("slf4j-api-"), lib("slf4j-nop-")));
        return launch(cmd, jdbcUrl, poolName);
    }

    /** No HikariCP anywhere: only the workload classes (which never load HikariCP in lazy mode). */
    static TargetJvm withoutHikari() throws Exception {
        List<String> cmd = java(List.of("-XX:TieredStopAtLevel=1"));
        cmd.add("-cp");
        cmd.add(workloadClasses());
        return launch(cmd, "jdbc:none", "none", "lazy");
    }

    private static List<String> java(List<String> options) {
        List<String> cmd = new ArrayList<>();
        // poolscope.it.targetJava: another JDK's home to run the targets on (e.g. a JDK 21+ for Thread.holder).
        cmd.add(Paths.get(System.getProperty("poolscope.it.targetJava", System.getProperty("java.home")), "bin", "java").toString());
        cmd.add("-Xmx64m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Xshare:auto");
        // HikariCP 6.x+ varies a connection's lifetime by up to 25% by default; 2.5% (the 3.x-5.x
        // figure) keeps the probe's age estimate testable within a few seconds.
        cmd.add("-Dcom.zaxxer.hikari.lifeTimeVarianceFactor=40");
        cmd.addAll(options);
        return cmd;
    }

    private static TargetJvm launch(List<String> cmd, String jdbcUrl, String poolName, String... extra)
            throws Exception {
        cmd.add(ProbeWorkload.class.getName());
        cmd.add(jdbcUrl);
        cmd.add(poolName);
        cmd.addAll(List.of(extra));
        return new TargetJvm(cmd);
    }

    /**
     * Another workload of the test sources, with the jars holding {@code libraryClasses} on its class path
     * (an entry ending in {@code .jar} is taken as a jar's path, e.g. {@link #PGJDBC_42_5}).
     */
    static TargetJvm running(Class<?> workload, List<String> libraryClasses, String... args) throws Exception {
        return running(workload, List.of(), libraryClasses, args);
    }

    /** As above, with {@code jars} (another version of a library, from it-libs) first on the class path. */
    static TargetJvm running(Class<?> workload, List<Path> jars, List<String> libraryClasses, String... args)
            throws Exception {
        List<String> cmd = java(List.of("-XX:TieredStopAtLevel=1"));
        List<String> cp = new ArrayList<>(List.of(classesStartingWith(workload.getSimpleName())));
        for (Path jar : jars) {
            cp.add(jar.toString());
        }
        for (String name : libraryClasses) {
            if (name.endsWith(".jar")) {
                cp.add(name);
                continue;
            }
            Class<?> c = Class.forName(name, false, TargetJvm.class.getClassLoader());
            cp.add(Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, cp));
        cmd.add(workload.getName());
        cmd.addAll(List.of(args));
        return new TargetJvm(cmd);
    }

    private static final java.util.Map<String, Path> workloadDirs = new java.util.HashMap<>();

    private static String workloadClasses() {
        return classesStartingWith("ProbeWorkload");
    }

    /**
     * A directory with only the workload's classes. Not the whole test output: that may also hold
     * the probe's own (unrelocated) classes, and a target must meet the probe only through its jar.
     */
    private static synchronized String classesStartingWith(String prefix) {
        try {
            Path workloadDir = workloadDirs.get(prefix);
            if (workloadDir == null) {
                Path testClasses = Paths.get(ProbeWorkload.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                Path pkg = Paths.get("dev", "poolscope", "probe");
                Path dir = Files.createTempDirectory("poolscope-workload-");
                // deleteOnExit runs in reverse order of registration: files first, then their directories.
                dir.toFile().deleteOnExit();
                Path sub = dir;
                for (Path part : pkg) {
                    sub = Files.createDirectories(sub.resolve(part));
                    sub.toFile().deleteOnExit();
                }
                try (var files = Files.list(testClasses.resolve(pkg))) {
                    for (Path f : files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList()) {
                        Files.copy(f, sub.resolve(f.getFileName())).toFile().deleteOnExit();
                    }
                }
                workloadDir = dir;
                workloadDirs.put(prefix, dir);
            }
            return workloadDir.toString();
        } catch (Exception e) {
            throw new IllegalStateException("could not prepare the workload classes: " + e, e);
        }
    }

    static String lib(String prefix) throws IOException {
        try (var files = Files.list(IT_LIBS)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + prefix + "*.jar in " + IT_LIBS))
                    .toAbsolutePath().toString();
        }
    }

    long pid() {
        return pid;
    }

    void send(String command) throws IOException {
        stdin.write(command + "\n");
        stdin.flush();
    }

    /**
     * Waits until the target is old enough for PoolScope to attach (it refuses JVMs younger than 2 s,
     * which attaching can crash): a CLI run right after a fast start would be refused, as it should.
     */
    void awaitAttachable() {
        dev.poolscope.testing.Attachable.awaitOldEnough(pid);
    }

    /** The next output line starting with {@code prefix} (earlier other lines are skipped). */
    String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("no line '" + prefix + "...' within " + timeout + "; output so far:\n"
                        + String.join("\n", transcript));
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** Epoch millis at the end of a line like {@code "HELD name 1700000000000"}. */
    static long lastNumber(String line) {
        String[] parts = line.trim().split(" ");
        return Long.parseLong(parts[parts.length - 1]);
    }

    /** Attaches, optionally loads the probe, and connects to the target's local JMX agent. */
    MBeanServerConnection attach(boolean loadProbe) throws Exception {
        return attach(loadProbe, null);
    }

    /** As {@link #attach(boolean)}, with agent arguments for the probe. */
    MBeanServerConnection attach(boolean loadProbe, String agentArgs) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        try {
            if (loadProbe) {
                vm.loadAgent(PROBE_JAR.toAbsolutePath().toString(), agentArgs);
            }
            String url = vm.startLocalManagementAgent();
            if (connector == null) {
                connector = JMXConnectorFactory.connect(new JMXServiceURL(url));
            }
            return connector.getMBeanServerConnection();
        } finally {
            vm.detach();
        }
    }

    /** Loads the probe again through a new attach. */
    void loadProbeAgain() throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        try {
            vm.loadAgent(PROBE_JAR.toAbsolutePath().toString());
        } finally {
            vm.detach();
        }
    }

    static ObjectName poolName(String pool) throws Exception {
        return new ObjectName("dev.poolscope:type=PoolProbe,pool=" + ObjectName.quote(pool));
    }

    static ObjectName agentName() throws Exception {
        return new ObjectName("dev.poolscope:type=ProbeAgent");
    }

    String transcript() {
        return String.join("\n", transcript);
    }

    @Override
    public void close() {
        try {
            if (connector != null) {
                connector.close();
            }
        } catch (IOException ignored) {
            // the target is going away anyway
        }
        try {
            send("EXIT");
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
