package dev.poolscope.appdata;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class AppDirsTest {

    private static final String HOME = "/home/ana";

    @Test
    void linuxUsesXdgDirectoriesFromTheEnvironment() {
        AppDirs dirs = AppDirs.resolve("Linux", Map.of("XDG_CONFIG_HOME", "/cfg", "XDG_DATA_HOME", "/data",
                "XDG_STATE_HOME", "/state"), HOME, null);

        assertThat(dirs.configDir()).isEqualTo(Path.of("/cfg/poolscope"));
        assertThat(dirs.dataDir()).isEqualTo(Path.of("/data/poolscope"));
        assertThat(dirs.stateDir()).isEqualTo(Path.of("/state/poolscope"));
        assertThat(dirs.logsDir()).isEqualTo(Path.of("/state/poolscope/logs"));
        assertThat(dirs.settingsFile()).isEqualTo(Path.of("/cfg/poolscope/settings.properties"));
    }

    @Test
    void linuxFallsBackToTheXdgDefaultsUnderHome() {
        AppDirs dirs = AppDirs.resolve("Linux", Map.of(), HOME, null);

        assertThat(dirs.configDir()).isEqualTo(Path.of(HOME, ".config", "poolscope"));
        assertThat(dirs.dataDir()).isEqualTo(Path.of(HOME, ".local", "share", "poolscope"));
        assertThat(dirs.stateDir()).isEqualTo(Path.of(HOME, ".local", "state", "poolscope"));
        assertThat(dirs.logsDir()).isEqualTo(Path.of(HOME, ".local", "state", "poolscope", "logs"));
    }

    @Test
    void relativeXdgPathsAreIgnoredAsTheSpecRequires() {
        AppDirs dirs = AppDirs.resolve("Linux", Map.of("XDG_CONFIG_HOME", "relative/cfg", "XDG_STATE_HOME", ""), HOME, null);

        assertThat(dirs.configDir()).isEqualTo(Path.of(HOME, ".config", "poolscope"));
        assertThat(dirs.stateDir()).isEqualTo(Path.of(HOME, ".local", "state", "poolscope"));
    }

    @Test
    void windowsRoamsSettingsAndKeepsLogsAndWindowStateLocal() {
        // Path.of parses with this machine's separator; the test checks where each kind of file goes.
        AppDirs dirs = AppDirs.resolve("Windows 11", Map.of("APPDATA", "/Users/ana/AppData/Roaming",
                "LOCALAPPDATA", "/Users/ana/AppData/Local"), "/Users/ana", null);

        assertThat(dirs.configDir()).isEqualTo(Path.of("/Users/ana/AppData/Roaming/PoolScope"));
        assertThat(dirs.dataDir()).isEqualTo(dirs.configDir());
        assertThat(dirs.stateDir()).isEqualTo(Path.of("/Users/ana/AppData/Local/PoolScope"));
        assertThat(dirs.logsDir()).isEqualTo(Path.of("/Users/ana/AppData/Local/PoolScope/logs"));
    }

    @Test
    void windowsWithoutAppDataVariablesUsesTheProfileDefaults() {
        AppDirs dirs = AppDirs.resolve("Windows 10", Map.of(), "/Users/ana", null);

        assertThat(dirs.configDir()).isEqualTo(Path.of("/Users/ana/AppData/Roaming/PoolScope"));
        assertThat(dirs.logsDir()).isEqualTo(Path.of("/Users/ana/AppData/Local/PoolScope/logs"));
    }

    @Test
    void macOsUsesLibraryApplicationSupportAndLibraryLogs() {
        AppDirs dirs = AppDirs.resolve("Mac OS X", Map.of("XDG_CONFIG_HOME", "/ignored"), "/Users/ana", null);

        assertThat(dirs.configDir()).isEqualTo(Path.of("/Users/ana/Library/Application Support/PoolScope"));
        assertThat(dirs.stateDir()).isEqualTo(dirs.configDir());
        assertThat(dirs.logsDir()).isEqualTo(Path.of("/Users/ana/Library/Logs/PoolScope"));
    }

    @Test
    void theOverridePropertyPutsEverythingUnderOneDirectory(@TempDir Path tmp) {
        AppDirs dirs = AppDirs.resolve("Linux", Map.of("XDG_CONFIG_HOME", "/cfg"), HOME, tmp.toString());

        assertThat(dirs.configDir()).isEqualTo(tmp.resolve("config"));
        assertThat(dirs.dataDir()).isEqualTo(tmp.resolve("data"));
        assertThat(dirs.stateDir()).isEqualTo(tmp.resolve("state"));
        assertThat(dirs.logsDir()).isEqualTo(tmp.resolve("logs"));
    }

    @Test
    void forCurrentUserHonoursTheOverrideProperty(@TempDir Path tmp) {
        String old = System.getProperty(AppDirs.OVERRIDE_PROPERTY);
        System.setProperty(AppDirs.OVERRIDE_PROPERTY, tmp.toString());
        try {
            assertThat(AppDirs.forCurrentUser().logsDir()).isEqualTo(tmp.resolve("logs"));
        } finally {
            if (old == null) {
                System.clearProperty(AppDirs.OVERRIDE_PROPERTY);
            } else {
                System.setProperty(AppDirs.OVERRIDE_PROPERTY, old);
            }
        }
    }

    @Test
    void createdDirectoriesArePrivateToTheUser(@TempDir Path tmp) throws Exception {
        AppDirs dirs = AppDirs.resolve("Linux", Map.of(), HOME, tmp.resolve("app").toString()).createDirectories();

        assertThat(dirs.configDir()).isDirectory();
        assertThat(dirs.logsDir()).isDirectory();
        assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dirs.configDir()))).isEqualTo("rwx------");
    }
}
