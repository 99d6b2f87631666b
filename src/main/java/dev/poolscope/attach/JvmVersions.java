package dev.poolscope.attach;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * Tells a local JVM's version without attaching to it: the java launcher of the process, from the
 * OS, points at a JDK whose {@code release} file names the version. Attaching just to ask would be
 * slow and, for a JVM that is still starting, risky.
 */
final class JvmVersions {

    private JvmVersions() {
    }

    static Optional<String> of(ProcessHandle process) {
        return process.info().command().flatMap(JvmVersions::fromLauncher);
    }

    static Optional<String> fromLauncher(String launcher) {
        try {
            Path bin = Paths.get(launcher).toRealPath().getParent();
            if (bin == null || bin.getParent() == null) {
                return Optional.empty();
            }
            return fromReleaseFile(bin.getParent().resolve("release"));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * For a JVM in another mount namespace: {@code launcher} is its own (already resolved) path there,
     * reached through {@code root} ({@code /proc/<pid>/root}). No toRealPath: that would resolve the
     * magic root link to PoolScope's own "/".
     */
    static Optional<String> fromLauncherUnder(Path root, String launcher) {
        try {
            Path bin = root.resolve(launcher.startsWith("/") ? launcher.substring(1) : launcher).getParent();
            if (bin == null || bin.getParent() == null) {
                return Optional.empty();
            }
            return fromReleaseFile(bin.getParent().resolve("release"));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static Optional<String> fromReleaseFile(Path release) throws IOException {
        if (!Files.isRegularFile(release)) {
            return Optional.empty();
        }
        for (String line : Files.readAllLines(release)) {
            if (line.startsWith("JAVA_VERSION=")) {
                return Optional.of(line.substring("JAVA_VERSION=".length()).replace("\"", "").trim());
            }
        }
        return Optional.empty();
    }

    /** The feature number of a version string ("1.8.0_392" is 8, "17.0.15" is 17), or -1. */
    static int feature(String version) {
        if (version == null || version.isBlank()) {
            return -1;
        }
        String v = version.startsWith("1.") ? version.substring(2) : version;
        StringBuilder digits = new StringBuilder();
        for (char c : v.toCharArray()) {
            if (!Character.isDigit(c)) {
                break;
            }
            digits.append(c);
        }
        return digits.length() == 0 ? -1 : Integer.parseInt(digits.toString());
    }
}
