package dev.poolscope.live;

import org.junit.jupiter.api.Test;

import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Mapping the probe's open types (docs/probe-mxbean.md) into records; -1 and "" mean unknown. */
class ProbeSnapshotReaderTest {

    @Test
    void connectionItemsMapToARowWithUnknownsAsNull() throws Exception {
        CompositeData c = composite("dev.poolscope.PoolConnection", Map.of(
                "id", "c3", "state", "in_use", "idleMillis", -1L, "inUseMillis", 4200L, "ageMillis", 61_000L,
                "ageExact", false, "borrowerThreadName", "http-nio-8080-exec-1", "borrowerThreadId", 31L));
        ConnectionRow row = ProbeSnapshotReader.connection(c);
        // A probe older than holderSource named only holders it saw borrow.
        assertThat(row).isEqualTo(new ConnectionRow("c3", ConnectionState.IN_USE, null, 4200L, 61_000L, false,
                "http-nio-8080-exec-1", 31L, List.of(), null, null, null, null, ConnectionRow.TCP_NOT_READ_BY_PROBE,
                null, null, null, null, "borrow"));
    }

    @Test
    void itemsANewerOrOlderProbeLacksDoNotBreakReading() throws Exception {
        CompositeData c = composite("dev.poolscope.PoolConnection", Map.of("id", "c1", "state", "sleeping"));
        ConnectionRow row = ProbeSnapshotReader.connection(c);
        assertThat(row.state()).isEqualTo(ConnectionState.UNKNOWN);
        assertThat(row.idleMillis()).isNull();
        assertThat(row.borrowerThread()).isNull();
    }

    @Test
    void kernelItemsBecomeATcpViewAndAReasonReplacesAMissingOne() throws Exception {
        CompositeData seen = composite("dev.poolscope.PoolConnection", Map.ofEntries(
                Map.entry("id", "c1"), Map.entry("state", "in_use"), Map.entry("backendPid", 4711), Map.entry("localPort", 50_000),
                Map.entry("tcpState", "established"), Map.entry("tcpSendQueueBytes", 160L),
                Map.entry("tcpRecvQueueBytes", 0L), Map.entry("tcpTimer", "retransmit"),
                Map.entry("tcpTimerMillis", 3040L), Map.entry("tcpRetransmits", 4), Map.entry("tcpProbes", 0)));
        ConnectionRow row = ProbeSnapshotReader.connection(seen);
        assertThat(row.backendPid()).isEqualTo(4711);
        assertThat(row.localPort()).isEqualTo(50_000);
        assertThat(row.tcp()).isEqualTo(new TcpView("established", 160L, 0L, "retransmit", 3040L, 4, 0));
        assertThat(row.tcp().retransmitting()).isTrue();
        assertThat(row.tcpUnavailableReason()).isNull();

        CompositeData unseen = composite("dev.poolscope.PoolConnection", Map.of("id", "c2", "state", "idle",
                "tcpState", "", "tcpUnavailableReason", "kernel TCP view is not available on Mac OS X"));
        assertThat(ProbeSnapshotReader.connection(unseen).tcp()).isNull();
        assertThat(ProbeSnapshotReader.connection(unseen).tcpUnavailableReason())
                .isEqualTo("kernel TCP view is not available on Mac OS X");
    }

    @Test
    void theBorrowSiteIsReadApartFromTheHoldersStackAndAMissingOneKeepsItsReason() throws Exception {
        CompositeData captured = composite("dev.poolscope.PoolConnection", Map.of("id", "c1", "state", "in_use",
                "borrowStack", new String[] {"app.Idle.park(Idle.java:3)"},
                "borrowSite", new String[] {"app.Reports.run(Reports.java:9)"}, "borrowSiteSource", "probe_capture",
                "borrowSiteUnknownReason", ""));
        ConnectionRow row = ProbeSnapshotReader.connection(captured);
        assertThat(row.borrowSite()).isEqualTo(new BorrowSite(List.of("app.Reports.run(Reports.java:9)"), "probe_capture", null));
        assertThat(row.borrowStack()).containsExactly("app.Idle.park(Idle.java:3)");

        CompositeData missed = composite("dev.poolscope.PoolConnection", Map.of("id", "c2", "state", "in_use",
                "borrowSite", new String[0], "borrowSiteSource", "",
                "borrowSiteUnknownReason", "borrowed before borrow-site capture was armed"));
        assertThat(ProbeSnapshotReader.connection(missed).borrowSite())
                .isEqualTo(new BorrowSite(List.of(), null, "borrowed before borrow-site capture was armed"));

        CompositeData olderProbe = composite("dev.poolscope.PoolConnection", Map.of("id", "c3", "state", "in_use"));
        assertThat(ProbeSnapshotReader.connection(olderProbe).borrowSite()).isNull();
    }

    @Test
    void configWithoutKeepaliveIsNullNotZero() throws Exception {
        CompositeData c = composite("dev.poolscope.PoolConfig", Map.of("maximumPoolSize", 10, "idleTimeoutMillis", 600_000L,
                "keepaliveTimeMillis", -1L, "jdbcUrl", "jdbc:postgresql://db/app", "connectionTestQuery", ""));
        PoolConfig config = ProbeSnapshotReader.config(c);
        assertThat(config.maximumPoolSize()).isEqualTo(10);
        assertThat(config.idleTimeoutMillis()).isEqualTo(600_000L);
        assertThat(config.keepaliveTimeMillis()).isNull();
        assertThat(config.connectionTestQuery()).isNull();
        assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://db/app");
    }

    @Test
    void aPoolWithoutSnapshotSaysSo() {
        PoolSnapshot p = ProbeSnapshotReader.fromProbe(Map.of("PoolName", "odd:name,=\"x\"", "Unreadable", new String[] {"keepaliveTime: not in 3.4.5"}));
        assertThat(p.name()).isEqualTo("odd:name,=\"x\"");
        assertThat(p.unreadable()).contains("keepaliveTime: not in 3.4.5", "the probe did not return a snapshot of this pool");
        assertThat(p.connections()).isEmpty();
    }

    private static CompositeData composite(String typeName, Map<String, Object> items) throws Exception {
        String[] names = items.keySet().toArray(new String[0]);
        OpenType<?>[] types = new OpenType<?>[names.length];
        for (int i = 0; i < names.length; i++) {
            Object v = items.get(names[i]);
            types[i] = v instanceof Long ? SimpleType.LONG : v instanceof Integer ? SimpleType.INTEGER
                    : v instanceof Boolean ? SimpleType.BOOLEAN
                    : v instanceof String[] ? javax.management.openmbean.ArrayType.getArrayType(SimpleType.STRING)
                    : SimpleType.STRING;
        }
        CompositeType type = new CompositeType(typeName, typeName, names, names, types);
        return new CompositeDataSupport(type, names, java.util.Arrays.stream(names).map(items::get).toArray());
    }
}
