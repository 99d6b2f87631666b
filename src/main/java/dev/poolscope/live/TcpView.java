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
 * @param lastSendMillis    ms since data was last sent on it (ss -ti's lastsnd), or null
 * @param lastReceiveMillis ms since data was last received (lastrcv), or null
 * @param lastAckMillis     ms since the peer last acknowledged (lastack), or null
 * @param lastTimesUnavailableReason why the three are null, or null when they were read
 */
public record TcpView(String state, Long sendQueueBytes, Long recvQueueBytes, String timer, Long timerMillis,
                      Integer retransmits, Integer probes, Long lastSendMillis, Long lastReceiveMillis,
                      Long lastAckMillis, String lastTimesUnavailableReason) {

    /** Why the last-send/receive/ack times are null in a view read by the probe alone. */
    public static final String LAST_TIMES_NOT_READ = "last send/receive/ack times come from ss -ti on the target's machine,"
            + " which was not run for this read";

    /** The probe's /proc/net/tcp view, without ss's times. */
    public TcpView(String state, Long sendQueueBytes, Long recvQueueBytes, String timer, Long timerMillis,
                   Integer retransmits, Integer probes) {
        this(state, sendQueueBytes, recvQueueBytes, timer, timerMillis, retransmits, probes, null, null, null,
                LAST_TIMES_NOT_READ);
    }

    /** This view with ss's times for its socket, or with the reason they are missing. */
    public TcpView withLastTimes(SocketStats.Times times, String unavailableReason) {
        return times == null
                ? new TcpView(state, sendQueueBytes, recvQueueBytes, timer, timerMillis, retransmits, probes, null, null,
                        null, unavailableReason)
                : new TcpView(state, sendQueueBytes, recvQueueBytes, timer, timerMillis, retransmits, probes,
                        times.lastSendMillis(), times.lastReceiveMillis(), times.lastAckMillis(), null);
    }

    /** ", last sent 12 s / received 12 s / acked 12 s ago" from ss -ti, or nothing when it was not read. */
    public String lastTimesText() {
        if (lastSendMillis == null && lastReceiveMillis == null && lastAckMillis == null) {
            return "";
        }
        return ", last sent " + ago(lastSendMillis) + " / received " + ago(lastReceiveMillis) + " / acked "
                + ago(lastAckMillis) + " ago (ss -ti)";
    }

    private static String ago(Long millis) {
        return millis == null ? "?" : dev.poolscope.text.Durations.elapsed(millis);
    }

    /** The peer has data of ours it has not acknowledged and the kernel is resending it. */
    public boolean retransmitting() {
        return TcpEvidence.retransmitting(timer, sendQueueBytes, retransmits);
    }

    /** Everything sent was acknowledged and nothing is being resent. */
    public boolean allAcknowledged() {
        return sendQueueBytes != null && sendQueueBytes == 0 && !"retransmit".equals(timer);
    }
}
