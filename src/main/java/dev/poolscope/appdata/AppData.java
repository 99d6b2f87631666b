package dev.poolscope.appdata;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Everything PoolScope keeps on disk, opened once at start-up:
 * {@code try (AppData data = AppData.open(AppDirs.forCurrentUser())) { ... }}.
 * Never fails: a home directory that cannot be written (read-only, full, wrong owner) costs the
 * log file and saving, not the app; {@link #warnings()} says what is missing, for the UI to show once.
 */
public final class AppData implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AppData.class.getName());

    private final AppDirs dirs;
    private final Settings settings;
    private final Settings state;
    private final SavedConnections connections;
    private final LogSetup logging;
    private final List<String> warnings;

    private AppData(AppDirs dirs, LogSetup logging, List<String> warnings) {
        this.dirs = dirs;
        this.logging = logging;
        this.settings = Settings.load(dirs.settingsFile());
        this.state = Settings.load(dirs.stateFile());
        this.connections = new SavedConnections(dirs.connectionsFile());
        List<String> all = new ArrayList<>(warnings);
        all.addAll(settings.warnings());
        all.addAll(state.warnings());
        this.warnings = List.copyOf(all);
    }

    /** Creates the directories, starts file logging (5 x 2 MB, secrets masked) and loads the settings. */
    public static AppData open(AppDirs dirs) {
        List<String> warnings = new ArrayList<>();
        try {
            dirs.createDirectories();
        } catch (IOException | RuntimeException e) {
            warnings.add("Could not create PoolScope's folders (" + e.getMessage() + "); settings will not be saved");
        }
        LogSetup logging = null;
        try {
            logging = LogSetup.install(dirs.logsDir());
        } catch (IOException | RuntimeException e) {
            warnings.add("Could not write logs to " + dirs.logsDir() + " (" + e.getMessage() + ")");
        }
        warnings.forEach(LOG::warning);
        return new AppData(dirs, logging, warnings);
    }

    public AppDirs dirs() {
        return dirs;
    }

    /** The user's choices ({@link AppDirs#settingsFile()}). */
    public Settings settings() {
        return settings;
    }

    /** Machine-specific state such as {@link WindowState} ({@link AppDirs#stateFile()}). */
    public Settings state() {
        return state;
    }

    public SavedConnections connections() {
        return connections;
    }

    /** True if log records go to the logs directory. */
    public boolean loggingToFile() {
        return logging != null;
    }

    public List<String> warnings() {
        return warnings;
    }

    /** Stops file logging (flushes and releases the log file). Settings are saved by their owners. */
    @Override
    public void close() {
        Optional.ofNullable(logging).ifPresent(LogSetup::close);
    }
}
