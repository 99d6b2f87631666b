package dev.poolscope.tcpevidence;

/**
 * What the kernel's view of one socket alone can decide about a connection: the one rule both the
 * app's diagnosis ({@code live.diagnosis.Diagnoser}) and the probe's per-pool counts (the
 * PoolMetrics MBean, for Prometheus) apply, so a connection the desktop calls {@code dead_peer}
 * is the one the fleet's series counts. Java 8 and JDK-only: compiled into the app and into the
 * probe jar (docs/decisions/0003-one-secret-masker.md explains the shared source root).
 * Arguments are /proc/net/tcp's fields as the probe names them (KernelTcp); null or negative
 * means not measured.
 */
public final class TcpEvidence {

    /** Unacknowledged data is being resent, or keepalive probes go unanswered: the peer or the path is gone. */
    public static final String DEAD_PEER = "dead_peer";
    /** The server closed its side (close_wait, last_ack, closing) and the pool has not noticed. */
    public static final String SERVER_GONE = "server_gone";

    private TcpEvidence() {
    }

    /** The peer has data of ours it has not acknowledged and the kernel is resending it. */
    public static boolean retransmitting(String timer, Long sendQueueBytes, Integer retransmits) {
        return "retransmit".equals(timer) && sendQueueBytes != null && sendQueueBytes > 0
                && retransmits != null && retransmits > 0;
    }

    /** Keepalive probes were sent and none was answered. */
    public static boolean keepaliveUnanswered(String timer, Integer probes) {
        return "keepalive".equals(timer) && probes != null && probes > 0;
    }

    /** The server's side of the connection is closed (FIN received). */
    public static boolean serverClosed(String state) {
        return "close_wait".equals(state) || "last_ack".equals(state) || "closing".equals(state);
    }

    /**
     * {@link #DEAD_PEER}, {@link #SERVER_GONE}, or null when the kernel's view decides nothing
     * (an established socket with everything acknowledged may still sit on a path dropped
     * since the last exchange: it is not evidence of health). Dead peer first: resent data is a
     * dead path whatever the socket state.
     */
    public static String kernelVerdict(String state, String timer, Long sendQueueBytes, Integer retransmits,
                                       Integer probes) {
        if (retransmitting(timer, sendQueueBytes, retransmits) || keepaliveUnanswered(timer, probes)) {
            return DEAD_PEER;
        }
        if (serverClosed(state)) {
            return SERVER_GONE;
        }
        return null;
    }
}
