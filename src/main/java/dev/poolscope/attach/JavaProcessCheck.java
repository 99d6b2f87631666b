package dev.poolscope.attach;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Decides, from /proc alone, whether a pid is a HotSpot JVM that PoolScope may attach to.
 * The Attach API's first step on Linux is SIGQUIT plus an .attach_pid file: a process that is not
 * a JVM dies of the signal (Python exits 131) or treats it as a crash (PostgreSQL). So nothing is
 * sent and no file is written until every check here has passed; the checks only read.
 */
final class JavaProcessCheck {

    /** SIGQUIT is signal 3, i.e. bit 2 of the SigCgt mask. */
    private static final long SIGQUIT_MASK = 1L << 2;

    private final Path proc;
    private final Path tmp;

    JavaProcessCheck(Path proc, Path tmp) {
        this.proc = proc;
        this.tmp = tmp;
    }

    JavaProcessCheck() {
        // HotSpot on Linux always writes hsperfdata under /tmp, whatever java.io.tmpdir says.
        this(Path.of("/proc"), Path.of("/tmp"));
    }

    /** Null when the pid looks like an attachable JVM, else the sentence to show. */
    String refusal(long pid) {
        Path dir = proc.resolve(Long.toString(pid));
        if (!Files.isDirectory(proc)) {
            return null; // No /proc (macOS, Windows): the Attach API there does not use SIGQUIT.
        }
        if (!Files.isDirectory(dir)) {
            return "no process with pid " + pid + " (it may have exited; `poolscope list` shows the JVMs on this machine).";
        }
        List<String> status = readLines(dir.resolve("status"));
        String comm = field(status, "Name:");
        String notJava = "pid " + pid + " is not a Java process (it is `" + (comm == null ? "unknown" : comm) + "`)";
        String exe = exeName(dir);
        if (exe != null && !exe.startsWith("java")) {
            return notJava + "; nothing was sent to it. `poolscope list` shows the JVMs on this machine.";
        }
        if (!hasPerfData(pid, dir, field(status, "NSpid:"))) {
            return (exe == null ? notJava : "pid " + pid + " runs `" + exe + "` but has no HotSpot perf-data file"
                    + " (hsperfdata); it may run with -XX:-UsePerfData or not be a HotSpot JVM")
                    + "; nothing was sent to it. `poolscope list` shows the JVMs PoolScope can attach to.";
        }
        String sigCgt = field(status, "SigCgt:");
        if (sigCgt != null && (parseHex(sigCgt) & SIGQUIT_MASK) == 0) {
            return "pid " + pid + " does not handle SIGQUIT (it may run with -Xrs or be starting up), so attaching would kill it;"
                    + " nothing was sent to it. Connect over remote JMX instead.";
        }
        return null;
    }

    private boolean hasPerfData(long pid, Path dir, String nsPids) {
        if (hasPerfFile(tmp, Long.toString(pid))) {
            return true;
        }
        // In a container the file is named after the pid inside its namespace (last NSpid field).
        String inner = Long.toString(pid);
        if (nsPids != null && !nsPids.isBlank()) {
            String[] parts = nsPids.trim().split("\\s+");
            inner = parts[parts.length - 1];
        }
        return hasPerfFile(dir.resolve("root/tmp"), inner);
    }

    private static boolean hasPerfFile(Path tmpDir, String name) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmpDir, "hsperfdata_*")) {
            for (Path d : dirs) {
                if (Files.isRegularFile(d.resolve(name))) {
                    return true;
                }
            }
        } catch (IOException | SecurityException e) {
            // Unreadable: counts as not found; the refusal says what to check.
        }
        return false;
    }

    /** File name of the executable, or null when it cannot be read (another user without root). */
    private static String exeName(Path dir) {
        try {
            Path target = Files.readSymbolicLink(dir.resolve("exe"));
            String name = target.getFileName() == null ? "" : target.getFileName().toString();
            return name.endsWith(" (deleted)") ? name.substring(0, name.length() - 10) : name;
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException | SecurityException e) {
            return List.of();
        }
    }

    private static String field(List<String> lines, String key) {
        for (String line : lines) {
            if (line.startsWith(key)) {
                return line.substring(key.length()).trim();
            }
        }
        return null;
    }

    private static long parseHex(String s) {
        try {
            return Long.parseUnsignedLong(s, 16);
        } catch (NumberFormatException e) {
            return -1L; // Unparseable: do not refuse on this check alone.
        }
    }
}
