package dev.poolscope.appdata;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where PoolScope keeps its files, in each OS's conventional places.
 * <ul>
 * <li>Linux and other Unix: XDG base directories: config {@code $XDG_CONFIG_HOME/poolscope}
 * (~/.config/poolscope), data {@code $XDG_DATA_HOME/poolscope} (~/.local/share/poolscope), state
 * {@code $XDG_STATE_HOME/poolscope} (~/.local/state/poolscope) with logs in state/logs. The spec
 * says a relative XDG path is invalid and must be ignored, so it is.</li>
 * <li>Windows: config and data in {@code %APPDATA%\PoolScope} (roams with the profile); state and
 * logs in {@code %LOCALAPPDATA%\PoolScope} (machine-specific: window positions, logs).</li>
 * <li>macOS: {@code ~/Library/Application Support/PoolScope}, logs in {@code ~/Library/Logs/PoolScope}.</li>
 * </ul>
 * The system property {@value #OVERRIDE_PROPERTY} puts everything under one directory instead
 * (tests, portable installs).
 */
public record AppDirs(Path configDir, Path dataDir, Path stateDir, Path logsDir) {

    public static final String OVERRIDE_PROPERTY = "poolscope.appdata.dir";

    private static final String UNIX_NAME = "poolscope";
    private static final String DISPLAY_NAME = "PoolScope";

    public AppDirs {
        Objects.requireNonNull(configDir, "configDir");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(logsDir, "logsDir");
    }

    /** The directories of the user running this JVM. */
    public static AppDirs forCurrentUser() {
        return resolve(System.getProperty("os.name", ""), System.getenv(),
                System.getProperty("user.home"), System.getProperty(OVERRIDE_PROPERTY));
    }

    /** Pure resolution from the inputs, so every OS's rules are testable on any OS. */
    static AppDirs resolve(String osName, Map<String, String> env, String userHome, String override) {
        if (override != null && !override.isBlank()) {
            Path root = Path.of(override).toAbsolutePath();
            return new AppDirs(root.resolve("config"), root.resolve("data"), root.resolve("state"), root.resolve("logs"));
        }
        Path home = Path.of(Objects.requireNonNull(userHome, "user.home"));
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            Path roaming = envDir(env, "APPDATA", home.resolve("AppData").resolve("Roaming")).resolve(DISPLAY_NAME);
            Path local = envDir(env, "LOCALAPPDATA", home.resolve("AppData").resolve("Local")).resolve(DISPLAY_NAME);
            return new AppDirs(roaming, roaming, local, local.resolve("logs"));
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            Path support = home.resolve("Library").resolve("Application Support").resolve(DISPLAY_NAME);
            return new AppDirs(support, support, support, home.resolve("Library").resolve("Logs").resolve(DISPLAY_NAME));
        }
        Path config = envDir(env, "XDG_CONFIG_HOME", home.resolve(".config")).resolve(UNIX_NAME);
        Path data = envDir(env, "XDG_DATA_HOME", home.resolve(".local").resolve("share")).resolve(UNIX_NAME);
        Path state = envDir(env, "XDG_STATE_HOME", home.resolve(".local").resolve("state")).resolve(UNIX_NAME);
        return new AppDirs(config, data, state, state.resolve("logs"));
    }

    private static Path envDir(Map<String, String> env, String name, Path fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        Path path = Path.of(value);
        return path.isAbsolute() ? path : fallback;
    }

    /**
     * Creates the directories that do not exist yet. New ones are private to the user on POSIX
     * file systems (saved connections name hosts and users; logs may name them too).
     */
    public AppDirs createDirectories() throws IOException {
        for (Path dir : new Path[] {configDir, dataDir, stateDir, logsDir}) {
            createPrivateDirectory(dir);
        }
        return this;
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
    }

    public Path settingsFile() {
        return configDir.resolve("settings.properties");
    }

    public Path connectionsFile() {
        return configDir.resolve("connections.properties");
    }

    /** Window geometry and other machine-specific state that is not a user choice. */
    public Path stateFile() {
        return stateDir.resolve("state.properties");
    }
}
