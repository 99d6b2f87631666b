package dev.poolscope.attach;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the probe jar openable by the target. {@code loadAgent} hands the target a path that the
 * target opens in its own mount namespace: for a JVM in a container PoolScope's path does not exist
 * there ("Agent JAR not found"). So, like jattach and async-profiler, the jar is copied into the
 * target's own filesystem through {@code /proc/<pid>/root}, under a fresh name, owned by the target's
 * user, and removed once the probe has opened it (the target keeps its open file).
 */
final class ProbeJarPlacement {

    /** Directories tried inside the target, in order; the first writable one wins. */
    static final List<String> TARGET_DIRS = List.of("tmp", "dev/shm", "var/tmp");

    /** The path to hand to {@code loadAgent}, and the copy to remove afterwards (null: no copy made). */
    record Placed(String pathForTarget, Path copy) {
        void removeCopy() {
            if (copy != null) {
                try {
                    Files.deleteIfExists(copy);
                } catch (IOException | SecurityException e) {
                    // Left behind in the target's temp directory; harmless, and the user cannot act on it.
                }
            }
        }
    }

    /** Why the jar could not be placed, in words for the user. */
    static final class NotPlaced extends Exception {
        NotPlaced(String message) {
            super(message);
        }
    }

    private final Namespaces namespaces;

    ProbeJarPlacement(Namespaces namespaces) {
        this.namespaces = namespaces;
    }

    Placed place(long pid, Path jar) throws NotPlaced {
        if (!namespaces.otherMountNamespace(pid)) {
            return new Placed(jar.toString(), null);
        }
        Path root = namespaces.rootOf(pid);
        List<String> tried = new ArrayList<>();
        for (String dir : TARGET_DIRS) {
            Path hostDir = root.resolve(dir);
            try {
                Path copy = Files.createTempFile(hostDir, "poolscope-probe-", ".jar");
                try {
                    Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
                    shareWithTarget(pid, copy);
                    return new Placed(namespaces.pathInside(pid, copy), copy);
                } catch (IOException | RuntimeException e) {
                    Files.deleteIfExists(copy);
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                tried.add("/" + dir + " (" + DeadlineRunner.describe(e) + ")");
            }
        }
        int[] owner = namespaces.owner(pid);
        throw new NotPlaced("pid " + pid + " runs in another mount namespace (a container), so the probe jar must be copied"
                + " into its filesystem through " + root + ", and that failed: tried " + String.join(", ", tried) + ". Run PoolScope as root"
                + (owner == null ? "" : " or as the target's user (uid " + owner[0] + ")")
                + ", or start the service with -javaagent:poolscope-probe.jar inside the container.");
    }

    /** The target's user must be able to read the copy; the copy holds nothing secret. */
    private void shareWithTarget(long pid, Path copy) throws IOException {
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
        int[] owner = namespaces.owner(pid);
        if (owner != null) {
            try {
                Files.setAttribute(copy, "unix:uid", owner[0]);
                Files.setAttribute(copy, "unix:gid", owner[1]);
            } catch (IOException | RuntimeException e) {
                // Not root: the copy stays ours, world-readable, which is enough for the target to open it.
            }
        }
    }
}
