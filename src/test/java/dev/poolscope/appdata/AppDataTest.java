package dev.poolscope.appdata;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

class AppDataTest {

    private static AppDirs under(Path root) {
        return AppDirs.resolve("Linux", Map.of(), "/home/unused", root.toString());
    }

    @Test
    void openCreatesTheFoldersLogsToAFileAndSavesSettings(@TempDir Path root) throws Exception {
        Settings.Key<Integer> poll = Settings.Key.ofInt("live.pollIntervalMillis", 1000);
        try (AppData data = AppData.open(under(root))) {
            assertThat(data.warnings()).isEmpty();
            assertThat(data.loggingToFile()).isTrue();
            Logger.getLogger("dev.poolscope.appdata.test").warning("opened with token=abc123");
            data.settings().set(poll, 250);
            data.settings().save();
            new WindowState(10, 20, 900, 600, false, "1920x1080@0,0").writeTo(data.state());
            data.state().save();
        }

        assertThat(Files.readString(root.resolve("logs/poolscope-0.log"))).contains("opened with token=****");
        try (AppData again = AppData.open(under(root))) {
            assertThat(again.settings().get(poll)).isEqualTo(250);
            assertThat(WindowState.readFrom(again.state())).isPresent();
        }
    }

    @Test
    void anUnwritableHomeCostsLoggingAndSavingButNotTheApp(@TempDir Path tmp) throws Exception {
        Path root = tmp.resolve("blocked");
        Files.writeString(root, "a file where the folder should be");

        try (AppData data = AppData.open(under(root))) {
            assertThat(data.loggingToFile()).isFalse();
            assertThat(data.warnings()).anySatisfy(w -> assertThat(w).contains("Could not create"))
                    .anySatisfy(w -> assertThat(w).contains("Could not write logs"));
            assertThat(data.settings().get(Settings.Key.ofBoolean("attach.confirmProbe", true))).isTrue();
        }
    }
}
