package dev.poolscope.live;

import dev.poolscope.tcpevidence.TcpEvidence;

/**
 * What the target's kernel knew about a connection's socket at the snapshot (from
 * /proc/self/net/tcp read inside the target). Null components were not measured.
 *
 * @param state          TCP state, e.g. "established", "close_wait"
 * @param sendQueueBytes bytes sent (or queued) and not yet acknowledged by the peer
 * @param recvQueueBytes bytes received and not yet read by the application
 * @param timer          running timer: none, retransmit, keepalive, zero_window_probe, time_wait
 * @param timerMillis    time until that timer fires, null when none runs
 * @param retransmits    retransmissions of the unacknowledged data so far
 * @param probes         unanswered keepalive or zero-window probes so far
 */
public record TcpView(String state, Long sendQueueBytes, Long recvQueueBytes, String timer, Long timerMillis,
                      Integer retransmits, Integer probes) {

    /** The peer has data of ours it has not acknowledged and the kernel is resending it. */
    public boolean retransmitting() {
        return TcpEvidence.retransmitting(timer, sendQueueBytes, retransmits);
    }

    /** Everything sent was acknowledged and nothing is being resent. */
    public boolean allAcknowledged() {
        return sendQueueBytes != null && sendQueueBytes == 0 && !"retransmit".equals(timer);
    }
}
