package dev.poolscope.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Finds and removes what a PoolScope process that died without cleaning up (kill -9, power loss)
 * left in the temp directory: embedded PostgreSQL data directories, the postgres servers still
 * running on them, and demo logs. Same rule as the lab's stale nftables tables: only things
 * PoolScope made, whose owner pid (written by PoolScope into the directory) is dead.
 *
 * <p>A postgres is stopped only if its postmaster.pid sits in such a directory and the live
 * process of that pid is a postgres whose command line names that very directory, so a reused
 * pid or somebody else's server is never touched.
 */
public final class LeftoverServers {

    private static final Logger LOG = Logger.getLogger(LeftoverServers.class.getName());

    static final String DATA_DIR_PREFIX = "poolscope-pg-";
    static final String LOG_PREFIX = "poolscope-demo-";
    /** Written by the owning JVM into each data directory before initdb runs. */
    static final String OWNER_FILE = "poolscope-owner.pid";
    /** The PostgreSQL data directory inside each poolscope-pg-* directory. */
    static final String DATA_SUBDIR = "data";

    private final Path tmp;

    public LeftoverServers(Path tmp) {
        this.tmp = tmp;
    }

    public static LeftoverServers inTempDir() {
        return new LeftoverServers(Paths.get(System.getProperty("java.io.tmpdir")));
    }

    /** Removes every leftover of dead owners; never throws (a failed clean-up must not stop a start). */
    public void removeStale() {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmp, "poolscope-*")) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.startsWith(DATA_DIR_PREFIX) && Files.isDirectory(p)) {
                    OptionalOwner owner = owner(p);
                    if (owner.known && !alive(owner.pid)) {
                        stopServerAndDelete(p);
                    }
                } else if (name.startsWith(LOG_PREFIX) && name.endsWith(".log")) {
                    long pid = pidInName(name.substring(LOG_PREFIX.length()));
                    if (pid > 0 && !alive(pid)) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not look for leftovers of earlier PoolScope runs in " + tmp, e);
        }
    }

    /** Stops the postgres running in {@code root}, if it is one, and deletes the directory. */
    public static void stopServerAndDelete(Path root) {
        Path dataDir = root.resolve(DATA_SUBDIR);
        postmaster(dataDir).ifPresent(pg -> {
            LOG.info("stopping orphaned PostgreSQL pid " + pg.pid() + " on " + dataDir);
            pg.destroy(); // SIGTERM: postgres's "smart" shutdown, its backends go with it
            try {
                pg.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                pg.destroyForcibly();
            }
        });
        deleteTree(root);
    }

    /** The live postgres whose postmaster.pid is in {@code dataDir} and whose command line names it. */
    static Optional<ProcessHandle> postmaster(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.get(0).trim());
            String dir = dataDir.toAbsolutePath().toString();
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> {
                ProcessHandle.Info info = h.info();
                boolean postgres = info.command().map(c -> c.endsWith("postgres")).orElse(false);
                String line = info.commandLine().orElse(String.join(" ", info.arguments().orElse(new String[0])));
                return postgres && line.contains(dir);
            });
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    static void writeOwner(Path dataDir) throws IOException {
        Files.writeString(dataDir.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
    }

    private record OptionalOwner(boolean known, long pid) {
    }

    private static OptionalOwner owner(Path dir) {
        try {
            return new OptionalOwner(true, Long.parseLong(Files.readString(dir.resolve(OWNER_FILE)).trim()));
        } catch (IOException | NumberFormatException e) {
            // No marker: an empty directory from a run cut short before the marker was written
            // carries its owner's pid in its name (poolscope-pg-<pid>-<random>).
            long pid = pidInName(dir.getFileName().toString().substring(DATA_DIR_PREFIX.length()));
            return new OptionalOwner(pid > 0, pid);
        }
    }

    private static long pidInName(String rest) {
        int dash = rest.indexOf('-');
        try {
            return dash > 0 ? Long.parseLong(rest.substring(0, dash)) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // Best effort: whatever stays is found again on the next start.
                }
            });
        } catch (IOException e) {
            LOG.log(Level.FINE, "could not delete " + dir, e);
        }
    }
}
