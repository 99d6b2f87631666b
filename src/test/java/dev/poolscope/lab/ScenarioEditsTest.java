package dev.poolscope.lab;

import dev.poolscope.lab.scenario.ScenarioEdits;
import dev.poolscope.lab.scenario.ScenarioKind;
import dev.poolscope.lab.scenario.ScenarioParams;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioEditsTest {

    private final ScenarioParams defaults = ScenarioParams.defaults(ScenarioKind.values()[0]);

    @Test
    void changesOneParameterAndKeepsTheOthers() {
        ScenarioParams edited = ScenarioEdits.with(defaults, "quietMillis", " 20000 ");
        assertThat(edited.quietMillis()).isEqualTo(20_000);
        assertThat(edited.warmupMillis()).isEqualTo(defaults.warmupMillis());
        assertThat(ScenarioEdits.with(defaults, "burstRequests", "32").burstRequests()).isEqualTo(32);
    }

    @Test
    void badTextAndUnknownNamesGetMessagesForTheUser() {
        assertThatThrownBy(() -> ScenarioEdits.with(defaults, "quietMillis", "soon"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("quietMillis: 'soon' is not a whole number");
        assertThatThrownBy(() -> ScenarioEdits.with(defaults, "quiet", "1"))
                .hasMessageStartingWith("unknown scenario parameter 'quiet'; known: warmupMillis, dropIdleMillis");
    }
}
