package dev.poolscope.appdata;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SettingsTest {

    enum Theme { LIGHT, DARK }

    static final Settings.Key<Integer> POLL_MILLIS = Settings.Key.ofInt("live.pollIntervalMillis", 1000);
    static final Settings.Key<Boolean> CONFIRM_PROBE = Settings.Key.ofBoolean("attach.confirmProbe", true);
    static final Settings.Key<String> LAST_TARGET = Settings.Key.ofString("attach.lastTarget", "");
    static final Settings.Key<Theme> THEME = Settings.Key.ofEnum("ui.theme", Theme.LIGHT);
    static final Settings.Key<Long> HISTORY_MILLIS = Settings.Key.ofLong("live.historyMillis", 600_000L);

    @TempDir
    Path dir;

    @Test
    void missingFileGivesDefaultsWithoutWarnings() {
        Settings settings = Settings.load(dir.resolve("settings.properties"));

        assertThat(settings.get(POLL_MILLIS)).isEqualTo(1000);
        assertThat(settings.get(CONFIRM_PROBE)).isTrue();
        assertThat(settings.get(THEME)).isEqualTo(Theme.LIGHT);
        assertThat(settings.warnings()).isEmpty();
    }

    @Test
    void typedValuesSurviveSaveAndLoad() throws Exception {
        Path file = dir.resolve("settings.properties");
        Settings settings = Settings.load(file);
        settings.set(POLL_MILLIS, 250);
        settings.set(CONFIRM_PROBE, false);
        settings.set(LAST_TARGET, "prod-db:9010 = \"ümlaut\" # not a comment");
        settings.set(THEME, Theme.DARK);
        settings.set(HISTORY_MILLIS, TimeUnit.HOURS.toMillis(2));
        settings.save();

        Settings reread = Settings.load(file);
        assertThat(reread.get(POLL_MILLIS)).isEqualTo(250);
        assertThat(reread.get(CONFIRM_PROBE)).isFalse();
        assertThat(reread.get(LAST_TARGET)).isEqualTo("prod-db:9010 = \"ümlaut\" # not a comment");
        assertThat(reread.get(THEME)).isEqualTo(Theme.DARK);
        assertThat(reread.get(HISTORY_MILLIS)).isEqualTo(7_200_000L);
    }

    @Test
    void anInvalidValueGivesTheDefaultAndAWarningWithoutTouchingOtherKeys() throws Exception {
        Path file = dir.resolve("settings.properties");
        Files.writeString(file, "live.pollIntervalMillis=fast\nattach.confirmProbe=yes please\nui.theme=DARK\n");

        Settings settings = Settings.load(file);

        assertThat(settings.get(POLL_MILLIS)).isEqualTo(1000);
        assertThat(settings.get(CONFIRM_PROBE)).isTrue();
        assertThat(settings.get(THEME)).isEqualTo(Theme.DARK);
        assertThat(settings.warnings()).hasSize(2)
                .anySatisfy(w -> assertThat(w).contains("live.pollIntervalMillis", "fast"))
                .anySatisfy(w -> assertThat(w).contains("attach.confirmProbe"));
    }

    @Test
    void aCorruptedFileGivesDefaultsAWarningAndIsKeptAsideBeforeBeingReplaced() throws Exception {
        Path file = dir.resolve("settings.properties");
        byte[] corrupt = "live.pollIntervalMillis=250\nbroken=\\uZZZZ\n".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(file, corrupt);

        Settings settings = Settings.load(file);
        assertThat(settings.get(POLL_MILLIS)).isEqualTo(1000);
        assertThat(settings.warnings()).singleElement().asString().contains("settings.properties.corrupt");
        settings.set(THEME, Theme.DARK);
        settings.save();

        assertThat(Files.readAllBytes(dir.resolve("settings.properties.corrupt"))).isEqualTo(corrupt);
        assertThat(Settings.load(file).get(THEME)).isEqualTo(Theme.DARK);
        assertThat(Settings.load(file).warnings()).isEmpty();
    }

    @Test
    void keysThisVersionDoesNotKnowAreKeptOnSave() throws Exception {
        Path file = dir.resolve("settings.properties");
        Files.writeString(file, "future.feature=on\nlive.pollIntervalMillis=500\n");

        Settings settings = Settings.load(file);
        settings.set(POLL_MILLIS, 750);
        settings.save();

        Settings reread = Settings.load(file);
        assertThat(reread.raw("future.feature")).contains("on");
        assertThat(reread.get(POLL_MILLIS)).isEqualTo(750);
    }

    @Test
    void keysWrittenByAnotherInstanceAfterLoadAreNotOverwritten() throws Exception {
        Path file = dir.resolve("settings.properties");
        Settings first = Settings.load(file);
        Settings second = Settings.load(file);

        second.set(THEME, Theme.DARK);
        second.save();
        first.set(POLL_MILLIS, 300);
        first.save();

        Settings reread = Settings.load(file);
        assertThat(reread.get(THEME)).isEqualTo(Theme.DARK);
        assertThat(reread.get(POLL_MILLIS)).isEqualTo(300);
    }

    @Test
    void removeDeletesOnlyThatKey() throws Exception {
        Path file = dir.resolve("settings.properties");
        Files.writeString(file, "live.pollIntervalMillis=500\nui.theme=DARK\n");

        Settings settings = Settings.load(file);
        settings.remove(POLL_MILLIS);
        settings.save();

        Settings reread = Settings.load(file);
        assertThat(reread.raw(POLL_MILLIS.name())).isEmpty();
        assertThat(reread.get(THEME)).isEqualTo(Theme.DARK);
    }

    @Test
    void saveLeavesNoTemporaryFilesBehind() throws Exception {
        Settings settings = Settings.load(dir.resolve("settings.properties"));
        settings.set(POLL_MILLIS, 1);
        settings.save();
        settings.set(POLL_MILLIS, 2);
        settings.save();

        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("settings.properties");
        }
    }

    @Test
    void saveCreatesMissingParentDirectories() throws Exception {
        Path file = dir.resolve("new/config/settings.properties");
        Settings settings = Settings.load(file);
        settings.set(POLL_MILLIS, 42);
        settings.save();

        assertThat(Settings.load(file).get(POLL_MILLIS)).isEqualTo(42);
    }
}
