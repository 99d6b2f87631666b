package dev.poolscope.ui.live;

import dev.poolscope.live.PoolConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GaugesTest {

    private static PoolConfig config(int max, int minIdle, long idleTimeout, long maxLifetime) {
        return new PoolConfig(max, minIdle, idleTimeout, maxLifetime, 0L, 5_000L, 30_000L, 0L, null, null);
    }

    @Test
    void idleAgeIsShownAgainstIdleTimeout() {
        PoolConfig c = config(10, 2, 600_000, 1_800_000);
        assertThat(Gauges.idleText(252_000L, c)).isEqualTo("4m 12s / 10m");
        assertThat(Gauges.idleFraction(300_000L, c)).isEqualTo(0.5);
    }

    @Test
    void idleTimeoutDoesNotApplyWhenMinimumIdleEqualsMaximumPoolSize() {
        PoolConfig fixed = config(10, 10, 600_000, 1_800_000);
        assertThat(Gauges.idleText(252_000L, fixed)).isEqualTo("4m 12s");
        assertThat(Gauges.idleFraction(252_000L, fixed)).isEqualTo(Gauges.NO_LIMIT);
    }

    @Test
    void idleTimeoutOfZeroMeansNoLimit() {
        assertThat(Gauges.idleTimeoutApplies(config(10, 2, 0, 1_800_000))).isFalse();
    }

    @Test
    void connectionInUseHasNoIdleText() {
        assertThat(Gauges.idleText(null, config(10, 2, 600_000, 1_800_000))).isEmpty();
        assertThat(Gauges.idleFraction(null, config(10, 2, 600_000, 1_800_000))).isEqualTo(Gauges.NO_LIMIT);
    }

    @Test
    void estimatedAgeIsMarkedWithTilde() {
        PoolConfig c = config(10, 2, 600_000, 1_800_000);
        assertThat(Gauges.ageText(723_000L, false, c)).isEqualTo("~12m 03s / 30m");
        assertThat(Gauges.ageText(723_000L, true, c)).isEqualTo("12m 03s / 30m");
    }

    @Test
    void fractionsAreClampedToOne() {
        PoolConfig c = config(10, 2, 600_000, 1_800_000);
        assertThat(Gauges.ageFraction(4_000_000L, c)).isEqualTo(1.0);
        assertThat(Gauges.idleFraction(900_000L, c)).isEqualTo(1.0);
    }

    @Test
    void unknownConfigShowsOnlyTheAge() {
        assertThat(Gauges.ageText(5_000L, true, PoolConfig.UNKNOWN)).isEqualTo("5.0 s");
        assertThat(Gauges.ageFraction(5_000L, PoolConfig.UNKNOWN)).isEqualTo(Gauges.NO_LIMIT);
    }
}
