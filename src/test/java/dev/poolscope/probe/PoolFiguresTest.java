package dev.poolscope.probe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PoolFiguresTest {

    private static final long MAX_LIFETIME = 1_800_000;

    @Test
    void connectionsAreCountedByTheKernelsVerdictAndNeverCalledHealthy() {
        PoolReader.Read r = new PoolReader.Read();
        r.connections.add(connection(tcp("established", "retransmit", 160, 2, 0), 1000, true));
        r.connections.add(connection(tcp("established", "keepalive", 0, 0, 3), 1000, true));
        r.connections.add(connection(tcp("close_wait", "none", 0, 0, 0), 1000, true));
        r.connections.add(connection(tcp("established", "none", 0, 0, 0), 1000, true));
        r.connections.add(connection(null, 1000, true));

        PoolFigures f = figures(r, MAX_LIFETIME);

        assertThat(f.deadPeer).isEqualTo(2);
        assertThat(f.serverGone).isEqualTo(1);
        assertThat(f.kernelUndecided).isEqualTo(1);
        assertThat(f.noKernelEvidence).isEqualTo(1);
    }

    @Test
    void onlyExactAgesCountPastMaxLifetimeAndEstimatedOnesAreCountedApart() {
        PoolReader.Read r = new PoolReader.Read();
        r.connections.add(connection(null, MAX_LIFETIME + 1, true));
        r.connections.add(connection(null, MAX_LIFETIME - 1, true));
        r.connections.add(connection(null, MAX_LIFETIME + 60_000, false));

        PoolFigures f = figures(r, MAX_LIFETIME);

        assertThat(f.pastMaxLifetime).isEqualTo(1);
        assertThat(f.ageEstimated).isEqualTo(1);
    }

    @Test
    void aPoolWithoutALifetimeHasNoConnectionPastIt() {
        PoolReader.Read r = new PoolReader.Read();
        r.connections.add(connection(null, 10 * MAX_LIFETIME, true));
        assertThat(figures(r, 0).pastMaxLifetime).isZero();
    }

    private static PoolFigures figures(PoolReader.Read r, long maxLifetime) {
        return PoolFigures.of(r, 10, 10, new PoolTracker(new Object(), System.nanoTime()), 10_000, true, maxLifetime);
    }

    private static PoolReader.ConnectionRead connection(KernelTcp.Tcp tcp, long ageMillis, boolean exact) {
        PoolReader.ConnectionRead c = new PoolReader.ConnectionRead();
        c.state = "idle";
        c.tcp = tcp;
        c.ageMillis = ageMillis;
        c.ageExact = exact;
        return c;
    }

    private static KernelTcp.Tcp tcp(String state, String timer, long sendQueue, int retransmits, int probes) {
        KernelTcp.Tcp t = new KernelTcp.Tcp();
        t.state = state;
        t.timer = timer;
        t.sendQueueBytes = sendQueue;
        t.retransmits = retransmits;
        t.probes = probes;
        return t;
    }
}
