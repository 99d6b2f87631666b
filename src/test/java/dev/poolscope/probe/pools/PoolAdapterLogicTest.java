package dev.poolscope.probe.pools;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Pure logic of the pool adapters: names made from URLs, state names, config text. */
class PoolAdapterLogicTest {

    @Test
    void nameFromUrlDropsPrefixCredentialsAndParameters() {
        assertThat(PoolView.nameFromUrl("DBCP2", "jdbc:postgresql://app:s3cret@db:5432/orders?sslmode=require"))
                .isEqualTo("DBCP2 postgresql://db:5432/orders");
        assertThat(PoolView.nameFromUrl("Agroal", "jdbc:h2:mem:stock;DB_CLOSE_DELAY=-1")).isEqualTo("Agroal h2:mem:stock");
    }

    @Test
    void hookNameEndingInDollarMatchesAnyNumberOfThatLambdaOnly() {
        HookPoint p = HookPoint.seen("oracle/ucp/common/UniversalConnectionPoolBase",
                "lambda$initReplaceBadConnectionsTimer$", "()V");
        assertThat(p.matches("lambda$initReplaceBadConnectionsTimer$5", "()V")).isTrue();
        assertThat(p.matches("lambda$initReplaceBadConnectionsTimer$12", "()V")).isTrue();
        assertThat(p.matches("lambda$initReplaceBadConnectionsTimer$5", "(J)V")).isFalse();
        assertThat(p.matches("lambda$initInactiveConnectionTimeoutTimer$2", "()V")).isFalse();
        assertThat(HookPoint.borrow("a/B", "getConnection", null).matches("getConnectionInternal", "()V")).isFalse();
    }

    @Test
    void ucpAllConnectionsInUseIsATimeoutAndOtherUcpErrorsAreNot() {
        // the messages and classes of UCP 23.26's own exhausted-pool borrow
        Exception inUse = new oracle.ucp.UniversalConnectionPoolException(
                "UCP-45064: All connections in the Universal Connection Pool are in use - [ borrowed:2 ]");
        assertThat(BorrowTimeouts.isLibraryTimeout(inUse)).isTrue();
        assertThat(BorrowTimeouts.isLibraryTimeout(new java.sql.SQLException("UCP-29: Failed to get a connection", inUse)))
                .isTrue();
        assertThat(BorrowTimeouts.isLibraryTimeout(new Exception(inUse.getMessage())))
                .as("the same words from another library").isFalse();
        assertThat(BorrowTimeouts.isLibraryTimeout(new oracle.ucp.UniversalConnectionPoolException(
                "UCP-45060: Invalid life cycle state"))).isFalse();
    }

    @Test
    void poolWithoutUrlIsNamedByItsKind() {
        assertThat(PoolView.nameFromUrl("DBCP2", "")).isEqualTo("DBCP2");
    }

    @Test
    void commonsPoolStatesMapToTheProbesStates() {
        assertThat(Dbcp2Adapter.stateName("IDLE")).isEqualTo("idle");
        assertThat(Dbcp2Adapter.stateName("ALLOCATED")).isEqualTo("in_use");
        assertThat(Dbcp2Adapter.stateName("EVICTION")).isEqualTo("reserved");
        assertThat(Dbcp2Adapter.stateName("VALIDATION_PREALLOCATED")).isEqualTo("reserved");
        assertThat(Dbcp2Adapter.stateName("INVALID")).isEqualTo("removed");
        assertThat(Dbcp2Adapter.stateName(null)).isEqualTo("unknown");
    }

    @Test
    void agroalStatesMapToTheProbesStates() {
        assertThat(AgroalAdapter.stateName("CHECKED_IN")).isEqualTo("idle");
        assertThat(AgroalAdapter.stateName("CHECKED_OUT")).isEqualTo("in_use");
        assertThat(AgroalAdapter.stateName("VALIDATION")).isEqualTo("reserved");
        assertThat(AgroalAdapter.stateName("DESTROYED")).isEqualTo("removed");
    }

    @Test
    void configTextTellsUnsetFromUnreadable() {
        Reflect reflect = new Reflect();
        Settings s = new Settings();
        assertThat(reflect.describe(s, "getMaxTotal")).isEqualTo("8");
        assertThat(reflect.describe(s, "getValidationQuery")).isEqualTo("(not set)");
        assertThat(reflect.describe(s, "getKeepalive")).isEqualTo("(not readable in this version)");
    }

    public static final class Settings {
        public int getMaxTotal() {
            return 8;
        }

        public String getValidationQuery() {
            return null;
        }
    }
}
