package dev.poolscope.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A real child JVM started by a test, waited for until it prints READY, killed on close. */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final StringBuffer output = new StringBuffer();

    private ChildJvm(Process process) {
        this.process = process;
    }

    public static ChildJvm start(List<String> jvmArgs, String mainClass, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        ChildJvm child = new ChildJvm(p);
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    child.output.append(line).append('\n');
                    if (line.startsWith("READY")) {
                        ready.complete(null);
                    }
                }
            } catch (IOException ignored) {
                // The child was killed.
            }
            ready.completeExceptionally(new IllegalStateException("child exited: " + child.output));
        }, "child-output");
        pump.setDaemon(true);
        pump.start();
        try {
            ready.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            child.close();
            throw new IllegalStateException("child JVM did not get ready: " + child.output, e);
        }
        return child;
    }

    public long pid() {
        return process.pid();
    }

    public String output() {
        return output.toString();
    }

    public Process process() {
        return process;
    }

    @Override
    public void close() throws Exception {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
