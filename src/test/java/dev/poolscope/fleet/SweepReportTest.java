package dev.poolscope.fleet;

import dev.poolscope.live.threads.Headline;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SweepReportTest {

    private static final Headline OK = new Headline(Headline.Severity.OK, "No stuck threads: 26 threads", "", null);

    @Test
    void aTargetReadWithoutTheProbeAndWithoutPoolsSaysWhyInsteadOfNoPools() {
        SweepResult r = new SweepResult(new SweepTarget("4242", 4242L), null, OK, List.of(), 0, 12,
                SweepResult.NO_POOLS_WITHOUT_PROBE);
        assertThat(SweepReport.text(List.of(r))).contains("4242: no pools visible without the probe")
                .contains("--load-probe").doesNotContain("no pools found");
        assertThat(SweepReport.json(List.of(r))).contains("\"noPoolsReason\": \"no pools visible without the probe");
    }
}
