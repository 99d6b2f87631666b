package dev.poolscope.demo;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs in the demo service JVM: when the process that launched it dies without stopping it (kill -9
 * of {@code poolscope demo} or of the GUI), stops the launcher's embedded PostgreSQL (a separate
 * postgres process nobody else would stop) and exits, so that nothing outlives the launcher.
 * Polls once a second: a daemon thread, so it never keeps the service alive itself.
 */
final class ParentWatcher extends Thread {

    private static final long POLL_MILLIS = 1_000;

    private final Optional<ProcessHandle> parent;
    private final Path databaseDir;

    ParentWatcher(Optional<ProcessHandle> parent, Path databaseDir) {
        super("poolscope-demo-parent-watcher");
        setDaemon(true);
        this.parent = parent;
        this.databaseDir = databaseDir;
    }

    @Override
    public void run() {
        while (parent.map(ProcessHandle::isAlive).orElse(false)) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
        }
        System.err.println("The process that started the demo is gone; stopping the demo and its PostgreSQL.");
        // System.exit runs the service's shutdown hook, which closes its pools; the server goes after.
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> LeftoverServers.stopServerAndDelete(databaseDir), "demo-stop-postgres"));
        System.exit(0);
    }
}
