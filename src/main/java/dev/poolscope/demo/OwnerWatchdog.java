package dev.poolscope.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Stops an embedded PostgreSQL when the JVM that started it dies without stopping it (kill -9 of
 * the lab, the GUI or {@code poolscope demo}): the postmaster is a process of its own that nobody
 * else would stop, and shutdown hooks do not run on SIGKILL. A small {@code /bin/sh} loop outside
 * the JVM checks once a second that the owner is alive; when it is gone and the server's
 * directory is still there, it asks the postmaster for a fast shutdown (SIGINT), waits up to 10 s,
 * then SIGKILL, and removes the directory. {@link #stop()} ends the loop when the server is closed
 * normally. Where there is no /bin/sh (Windows) there is no watchdog, and the next start removes
 * the leftovers ({@link LeftoverServers#removeStale()}).
 */
final class OwnerWatchdog {

    private static final Logger LOG = Logger.getLogger(OwnerWatchdog.class.getName());
    private static final Path SHELL = Path.of("/bin/sh");

    /** $1 owner pid, $2 postmaster pid, $3 PoolScope's directory of the server (marker + data/). */
    static final String SCRIPT = String.join("\n",
            "while kill -0 \"$1\" 2>/dev/null; do sleep 1; done",
            "[ -d \"$3\" ] || exit 0",              // the owner's own shutdown hook stopped it
            "kill -INT \"$2\" 2>/dev/null",           // fast shutdown: backends end, data is consistent
            "i=0",
            "while kill -0 \"$2\" 2>/dev/null && [ $i -lt 10 ]; do sleep 1; i=$((i+1)); done",
            "kill -KILL \"$2\" 2>/dev/null",
            "rm -rf \"$3\"");

    private final Process process;

    private OwnerWatchdog(Process process) {
        this.process = process;
    }

    /** Starts watching; empty where no shell exists or it could not start (then the next start cleans up). */
    static Optional<OwnerWatchdog> start(long ownerPid, ProcessHandle postmaster, Path serverDir) {
        if (!Files.isExecutable(SHELL)) {
            return Optional.empty();
        }
        try {
            Process p = new ProcessBuilder(List.of(SHELL.toString(), "-c", SCRIPT, "poolscope-pg-watchdog",
                    Long.toString(ownerPid), Long.toString(postmaster.pid()), serverDir.toString()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return Optional.of(new OwnerWatchdog(p));
        } catch (IOException e) {
            LOG.log(Level.FINE, "No watchdog for the embedded PostgreSQL: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The server was stopped by its owner: the loop is no longer needed. */
    void stop() {
        process.destroy();
    }

    long pid() {
        return process.pid();
    }
}
