package dev.poolscope.ui.live;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The first dividers: the evidence's room first, the overview only where it is of use. */
class LiveLayoutTest {

    @Test
    void aSplitWithLittleRoomAboveTheEvidenceGivesTheOverviewNothingRatherThanItsTabStrip() {
        double[] p = LiveLayout.initial(440, 2);
        assertThat(p[0]).isZero();
        assertThat(p[1]).isCloseTo(LiveLayout.CONNECTIONS_SHARE, within(1e-9));
    }

    @Test
    void aTallSplitGivesTheOverviewItsHeight() {
        double[] p = LiveLayout.initial(900, 2);
        assertThat(p[0] * 900).isCloseTo(LiveLayout.OVERVIEW_HEIGHT, within(1e-6));
    }

    @Test
    void theOverviewAppearsOnlyOnceItCanShowMoreThanItsTabs() {
        assertThat(LiveLayout.initial(LiveLayout.EVIDENCE_HEIGHT + LiveLayout.OVERVIEW_MIN_USEFUL - 1, 2)[0]).isZero();
        assertThat(LiveLayout.initial(LiveLayout.EVIDENCE_HEIGHT + LiveLayout.OVERVIEW_MIN_USEFUL, 2)[0]).isPositive();
    }
}
