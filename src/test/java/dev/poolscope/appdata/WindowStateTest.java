package dev.poolscope.appdata;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WindowStateTest {

    /** A laptop panel (primary) with a bigger monitor to its right. */
    static final ScreenArea LAPTOP = ScreenArea.of(0, 0, 1440, 860);
    static final ScreenArea MONITOR = ScreenArea.of(1440, 0, 2560, 1400);

    @Test
    void aWindowThatFitsItsScreenStaysExactlyWhereItWas() {
        WindowState saved = new WindowState(1600, 100, 1400, 900, false, MONITOR.name());

        assertThat(saved.fitTo(List.of(LAPTOP, MONITOR))).isEqualTo(saved);
    }

    @Test
    void aWindowOnAMonitorThatIsGoneIsCentredOnThePrimaryKeepingItsSizeIfItFits() {
        WindowState saved = new WindowState(2000, 200, 1200, 700, false, MONITOR.name());

        WindowState fitted = saved.fitTo(List.of(LAPTOP));

        assertThat(fitted).isEqualTo(new WindowState(120, 80, 1200, 700, false, LAPTOP.name()));
    }

    @Test
    void aWindowLargerThanItsScreenIsShrunkToTheScreen() {
        WindowState saved = new WindowState(1600, 100, 2400, 1300, true, MONITOR.name());

        WindowState fitted = saved.fitTo(List.of(ScreenArea.of(0, 0, 1440, 860), ScreenArea.of(1440, 0, 1920, 1040)));

        // MONITOR's name no longer matches (resolution changed): the screen with the largest overlap wins.
        assertThat(fitted).isEqualTo(new WindowState(1440, 0, 1920, 1040, true, "1920x1040@1440,0"));
    }

    @Test
    void aWindowHangingOverAScreenEdgeIsPulledBackOntoIt() {
        WindowState saved = new WindowState(-300, -50, 1000, 600, false, LAPTOP.name());

        WindowState fitted = saved.fitTo(List.of(LAPTOP, MONITOR));

        assertThat(fitted).isEqualTo(new WindowState(0, 0, 1000, 600, false, LAPTOP.name()));
    }

    @Test
    void aWindowThatShowsOnlyASliverIsCentredOnThePrimary() {
        // 40 px of it overlap the laptop's right edge: not enough to grab, so it counts as off-screen.
        WindowState saved = new WindowState(1400, 300, 900, 600, false, "gone");

        WindowState fitted = saved.fitTo(List.of(LAPTOP));

        assertThat(fitted).isEqualTo(new WindowState(270, 130, 900, 600, false, LAPTOP.name()));
    }

    @Test
    void aTinySavedSizeIsGrownToTheMinimumAndAScreenSmallerThanTheMinimumCapsIt() {
        WindowState tiny = new WindowState(10, 10, 200, 100, false, LAPTOP.name());
        assertThat(tiny.fitTo(List.of(LAPTOP))).isEqualTo(
                new WindowState(10, 10, WindowState.MIN_WIDTH, WindowState.MIN_HEIGHT, false, LAPTOP.name()));

        ScreenArea small = ScreenArea.of(0, 0, 640, 480);
        WindowState fitted = new WindowState(0, 0, 1000, 700, false, small.name()).fitTo(List.of(small));
        assertThat(fitted).isEqualTo(new WindowState(0, 0, 640, 480, false, small.name()));
    }

    @Test
    void aNonsenseSavedStateGivesTheDefaultWindow() {
        WindowState broken = new WindowState(Double.NaN, 0, -5, 600, false, LAPTOP.name());

        assertThat(broken.fitTo(List.of(LAPTOP))).isEqualTo(WindowState.centeredOn(LAPTOP));
        assertThat(WindowState.centeredOn(LAPTOP)).isEqualTo(new WindowState(80, 30, 1280, 800, false, LAPTOP.name()));
    }

    @Test
    void screensLeftOrAboveThePrimaryHaveNegativeCoordinates() {
        ScreenArea left = ScreenArea.of(-1920, -200, 1920, 1080);
        WindowState saved = new WindowState(-1800, -150, 1200, 800, false, left.name());

        assertThat(saved.fitTo(List.of(LAPTOP, left))).isEqualTo(saved);
    }

    @Test
    void theStateRoundTripsThroughSettings(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("state.properties");
        Settings settings = Settings.load(file);
        assertThat(WindowState.readFrom(settings)).isEmpty();

        WindowState state = new WindowState(-1800.5, -150, 1200, 800, true, "1920x1080@-1920,-200");
        state.writeTo(settings);
        settings.save();

        assertThat(WindowState.readFrom(Settings.load(file))).contains(state);
    }
}
