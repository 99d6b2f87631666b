package dev.poolscope.probe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdleSinceTest {

    @Test
    void hikari5AndLaterCountIdleFromTheReturnAndOlderOnesFromTheLastStatement() {
        assertThat(PoolReader.idleSinceFor("7.1.0")).isEqualTo("return");
        assertThat(PoolReader.idleSinceFor("5.1.0")).isEqualTo("return");
        assertThat(PoolReader.idleSinceFor("4.0.3")).isEqualTo("last_statement");
        assertThat(PoolReader.idleSinceFor("3.4.5")).isEqualTo("last_statement");
    }

    @Test
    void anUnknownVersionLeavesItUnsaid() {
        assertThat(PoolReader.idleSinceFor(HikariVersion.UNKNOWN)).isEmpty();
        assertThat(PoolReader.idleSinceFor(null)).isEmpty();
    }
}
