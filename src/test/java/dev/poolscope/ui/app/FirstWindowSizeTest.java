package dev.poolscope.ui.app;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The first window fills a small screen and leaves a margin on a large one. */
class FirstWindowSizeTest {

    @Test
    void fillsAScreenOf1024x700() {
        assertThat(PoolScopeApp.firstWindowSize(1024, 700)).containsExactly(1024, 700);
    }

    @Test
    void fillsAShortScreenEvenWhenItIsWide() {
        assertThat(PoolScopeApp.firstWindowSize(1366, 740)).containsExactly(1366, 740);
    }

    @Test
    void leavesAMarginOnA1920x1080Screen() {
        assertThat(PoolScopeApp.firstWindowSize(1920, 1080)).containsExactly(1440, 940);
    }

    @Test
    void takes92PercentOfAMidSizedScreen() {
        double[] size = PoolScopeApp.firstWindowSize(1325, 828);
        assertThat(size[0]).isEqualTo(1325 * 0.92);
        assertThat(size[1]).isEqualTo(828 * 0.92);
    }
}
