package dev.poolscope.lab;

import dev.poolscope.lab.strategy.StrategyEdits;
import dev.poolscope.lab.strategy.StrategyPresets;
import dev.poolscope.lab.strategy.StrategySettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrategyEditsTest {

    private final StrategySettings validate = StrategyPresets.preset("validate", 12_000);

    @Test
    void changesOneFieldAndKeepsTheRest() {
        StrategySettings edited = StrategyEdits.with(validate, "validationTimeoutMillis", "750");
        assertThat(edited.validationTimeoutMillis()).isEqualTo(750);
        var before = new java.util.HashMap<>(StrategyEdits.fields(validate));
        var after = new java.util.HashMap<>(StrategyEdits.fields(edited));
        before.remove("validationTimeoutMillis");
        after.remove("validationTimeoutMillis");
        assertThat(after).isEqualTo(before);
        assertThat(edited.maximumPoolSize()).isEqualTo(validate.maximumPoolSize());
        assertThat(StrategyEdits.with(validate, "name", "validate-fast").name()).isEqualTo("validate-fast");
    }

    @Test
    void rejectsValuesHikariCpWouldRejectWithAReadableMessage() {
        assertThatThrownBy(() -> StrategyEdits.with(validate, "validationTimeoutMillis", "100"))
                .hasMessageContaining("250 ms");
        assertThatThrownBy(() -> StrategyEdits.with(validate, "maximumPoolSize", "eight"))
                .hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> StrategyEdits.with(validate, "minimumIdle", "9"))
                .hasMessageContaining("minimumIdle");
    }

    @Test
    void presetsIsolateOneDefenceEachAndEvictLandsBelowTheDropTimeout() {
        long drop = 12_000;
        assertThat(StrategyPresets.preset("none", drop).validatesOnBorrow()).isFalse();
        assertThat(StrategyPresets.preset("none", drop).evicts()).isFalse();
        assertThat(StrategyPresets.preset("validate", drop).validatesOnBorrow()).isTrue();
        StrategySettings evict = StrategyPresets.preset("evict", drop);
        assertThat(evict.validatesOnBorrow()).isFalse();
        assertThat(evict.idleTimeoutMillis()).isLessThan(drop);
        assertThat(evict.maxLifetimeMillis()).isLessThan(drop);
        assertThat(evict.keepaliveTimeMillis()).isLessThan(drop);
        assertThat(evict.minimumIdle()).isLessThan(evict.maximumPoolSize()); // else idleTimeout never applies
        assertThat(StrategyPresets.preset("keepalive", drop).tcpKeepAlive()).isTrue();
        StrategySettings all = StrategyPresets.preset("all", drop);
        assertThat(all.validatesOnBorrow() && all.evicts() && all.tcpKeepAlive()).isTrue();
    }
}
