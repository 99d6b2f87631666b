package dev.poolscope.text;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DurationsTest {

    @Test
    void elapsedBelowOneSecondIsInMilliseconds() {
        assertThat(Durations.elapsed(850)).isEqualTo("850 ms");
        assertThat(Durations.elapsed(0)).isEqualTo("0 ms");
    }

    @Test
    void elapsedBelowTenSecondsHasOneTruncatedDecimal() {
        assertThat(Durations.elapsed(4_250)).isEqualTo("4.2 s");
        assertThat(Durations.elapsed(9_999)).isEqualTo("9.9 s");
    }

    @Test
    void elapsedBelowOneMinuteIsWholeSeconds() {
        assertThat(Durations.elapsed(42_900)).isEqualTo("42 s");
        // Truncated, never rounded up into the next unit: 59,999 ms is not "60.0 s".
        assertThat(Durations.elapsed(59_999)).isEqualTo("59 s");
    }

    @Test
    void elapsedMinutesShowPaddedSeconds() {
        assertThat(Durations.elapsed(4 * 60_000 + 12_000)).isEqualTo("4m 12s");
        assertThat(Durations.elapsed(4 * 60_000 + 5_000)).isEqualTo("4m 05s");
    }

    @Test
    void elapsedHoursShowPaddedMinutes() {
        assertThat(Durations.elapsed(3_600_000 + 3 * 60_000 + 59_000)).isEqualTo("1h 03m");
    }

    @Test
    void elapsedDaysShowPaddedHours() {
        assertThat(Durations.elapsed(2 * 86_400_000L + 4 * 3_600_000L)).isEqualTo("2d 04h");
    }

    @Test
    void elapsedTreatsNegativeAsZeroAndNullAsUnknown() {
        assertThat(Durations.elapsed(-5)).isEqualTo("0 ms");
        assertThat(Durations.elapsed((Long) null)).isEqualTo("–");
    }

    @Test
    void settingDropsZeroParts() {
        assertThat(Durations.setting(600_000)).isEqualTo("10m");
        assertThat(Durations.setting(1_800_000)).isEqualTo("30m");
        assertThat(Durations.setting(90_000)).isEqualTo("1m 30s");
        assertThat(Durations.setting(5_400_000)).isEqualTo("1h 30m");
        assertThat(Durations.setting(7_200_000)).isEqualTo("2h");
    }

    @Test
    void settingBelowOneMinuteIsSecondsOrMilliseconds() {
        assertThat(Durations.setting(5_000)).isEqualTo("5 s");
        assertThat(Durations.setting(2_500)).isEqualTo("2.5 s");
        assertThat(Durations.setting(250)).isEqualTo("250 ms");
    }

    @Test
    void settingOfZeroIsOffAndNullIsUnknown() {
        assertThat(Durations.setting(0)).isEqualTo("off");
        assertThat(Durations.setting((Long) null)).isEqualTo("–");
    }

    @Test
    void agoShowsTenthsUnderTenSeconds() {
        assertThat(Durations.ago(Duration.ofMillis(400))).isEqualTo("0.4 s ago");
        assertThat(Durations.ago(Duration.ofSeconds(12))).isEqualTo("12 s ago");
        assertThat(Durations.ago(Duration.ofSeconds(182))).isEqualTo("3m 02s ago");
    }
}
