package dev.poolscope.probe;

import dev.poolscope.tcpevidence.TcpEvidence;

import java.util.List;

/**
 * One pool's numbers at one instant, flat and immutable, for exporters that read plain numeric
 * attributes ({@link PoolMetrics}). Built from the same read as the PoolProbe snapshot, without
 * borrow stacks. Seconds, not milliseconds, because that is what Prometheus and OpenTelemetry use.
 */
final class PoolFigures {

    final int active;
    final int idle;
    final int total;
    final int max;
    final int minIdle;
    final int pending;
    final int probeWaiting;
    final long borrowsTotal;
    final long timeoutsTotal;
    final long borrowFailuresTotal;
    /** Last minute's borrow waits; NaN when no borrow finished in that minute. */
    final double waitP50Seconds;
    final double waitP95Seconds;
    final double waitP99Seconds;
    final double waitMaxSeconds;
    final long waitCountLastMinute;
    /**
     * Use time (OTel db.client.connection.use_time): holds the probe saw from borrow to return,
     * count and summed seconds since the probe loaded (monotonic, for Prometheus' _count/_sum), and
     * the last minute's quantiles (NaN when no hold ended in that minute).
     */
    final long useCountTotal;
    final double useSecondsTotal;
    final double useP50Seconds;
    final double useP95Seconds;
    final double useP99Seconds;
    final double useMaxSeconds;
    final long useCountLastMinute;
    final int heldPastThreshold;
    final double heldThresholdSeconds;
    /** 0 when no connection is in use (nothing held, so nothing held long). */
    final double longestHeldSeconds;
    final boolean instrumented;
    /**
     * Connections by what the kernel's view of their socket decides (TcpEvidence, the rule the
     * app's diagnosis uses): a dead peer, a server that closed its side, read but undecided
     * ("unknown": an established socket with everything acknowledged may still sit on a path
     * dropped since its last exchange, so it is never called healthy), or no kernel view of this
     * connection at all ("no evidence": not Linux, a driver that hides its socket, a closed socket).
     * They add up to the connections listed.
     */
    final int deadPeer;
    final int serverGone;
    final int kernelUndecided;
    final int noKernelEvidence;
    /** Connections whose exactly known age exceeds maxLifetime; 0 when the pool sets no lifetime. */
    final int pastMaxLifetime;
    /** Connections opened before the probe whose age is an estimate: not counted in pastMaxLifetime. */
    final int ageEstimated;

    private PoolFigures(PoolReader.Read r, int max, int minIdle, int probeWaiting, long borrowsTotal,
                        long timeoutsTotal, long borrowFailuresTotal, LatencyHistogram.Summary minute,
                        long useCountTotal, long useMicrosTotal, LatencyHistogram.Summary useMinute,
                        long heldThresholdMillis, boolean instrumented, long maxLifetimeMillis) {
        this.active = r.active;
        this.idle = r.idle;
        this.total = r.total;
        this.max = max;
        this.minIdle = minIdle;
        this.pending = r.pending >= 0 ? r.pending : probeWaiting;
        this.probeWaiting = probeWaiting;
        this.borrowsTotal = borrowsTotal;
        this.timeoutsTotal = timeoutsTotal;
        this.borrowFailuresTotal = borrowFailuresTotal;
        this.waitP50Seconds = seconds(minute.percentileMillis(50));
        this.waitP95Seconds = seconds(minute.percentileMillis(95));
        this.waitP99Seconds = seconds(minute.percentileMillis(99));
        this.waitMaxSeconds = seconds(minute.maxMillis());
        this.waitCountLastMinute = minute.count;
        this.useCountTotal = useCountTotal;
        this.useSecondsTotal = useMicrosTotal / 1_000_000.0;
        this.useP50Seconds = seconds(useMinute.percentileMillis(50));
        this.useP95Seconds = seconds(useMinute.percentileMillis(95));
        this.useP99Seconds = seconds(useMinute.percentileMillis(99));
        this.useMaxSeconds = seconds(useMinute.maxMillis());
        this.useCountLastMinute = useMinute.count;
        this.heldThresholdSeconds = heldThresholdMillis / 1000.0;
        int past = 0;
        long longest = 0;
        List<PoolReader.ConnectionRead> connections = r.connections;
        for (int i = 0; i < connections.size(); i++) {
            long inUse = connections.get(i).inUseMillis;
            if (inUse > heldThresholdMillis) {
                past++;
            }
            longest = Math.max(longest, inUse);
        }
        this.heldPastThreshold = past;
        this.longestHeldSeconds = longest / 1000.0;
        this.instrumented = instrumented;
        int dead = 0;
        int closed = 0;
        int undecided = 0;
        int noEvidence = 0;
        int pastLifetime = 0;
        int estimated = 0;
        for (int i = 0; i < connections.size(); i++) {
            PoolReader.ConnectionRead c = connections.get(i);
            KernelTcp.Tcp t = c.tcp;
            String verdict = t == null ? null : TcpEvidence.kernelVerdict(t.state, t.timer, t.sendQueueBytes,
                    t.retransmits, t.probes);
            if (t == null) {
                noEvidence++;
            } else if (TcpEvidence.DEAD_PEER.equals(verdict)) {
                dead++;
            } else if (TcpEvidence.SERVER_GONE.equals(verdict)) {
                closed++;
            } else {
                undecided++;
            }
            if (!c.ageExact) {
                estimated++;
            } else if (maxLifetimeMillis > 0 && c.ageMillis > maxLifetimeMillis) {
                pastLifetime++;
            }
        }
        this.deadPeer = dead;
        this.serverGone = closed;
        this.kernelUndecided = undecided;
        this.noKernelEvidence = noEvidence;
        this.pastMaxLifetime = pastLifetime;
        this.ageEstimated = estimated;
    }

    static PoolFigures of(PoolReader.Read r, int max, int minIdle, PoolTracker tracker,
                          long heldThresholdMillis, boolean instrumented, long maxLifetimeMillis) {
        int waiting = tracker.waiters().size() + tracker.waitersUntracked();
        // Sum before count: a hold ending between the two reads shows in the count a scrape early,
        // so the average sum/count never counts a hold's time without the hold.
        long useMicros = tracker.useMicrosTotal();
        long uses = tracker.uses();
        return new PoolFigures(r, max, minIdle, waiting, tracker.sinceLoad().count, tracker.timeouts(),
                tracker.failures(), tracker.lastMinute(r.nowNanos), uses, useMicros,
                tracker.useLastMinute(r.nowNanos), heldThresholdMillis, instrumented, maxLifetimeMillis);
    }

    private static double seconds(double millis) {
        return millis < 0 ? Double.NaN : millis / 1000.0;
    }
}
