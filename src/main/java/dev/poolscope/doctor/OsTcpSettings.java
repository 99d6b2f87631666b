package dev.poolscope.doctor;

/**
 * The target OS's TCP sysctls as read inside the target, or why they could not be read.
 * Values in the kernel's own units: seconds for keepalive time/interval, counts otherwise.
 */
public record OsTcpSettings(Integer keepaliveTimeSeconds, Integer keepaliveIntvlSeconds,
                            Integer keepaliveProbes, Integer retries2, String notReadReason) {

    public static OsTcpSettings notRead(String reason) {
        return new OsTcpSettings(null, null, null, null, reason);
    }

    public boolean known() {
        return notReadReason == null;
    }

    /**
     * How long an unanswered write retransmits before the kernel gives up, by the RFC 6298
     * backoff from a 200 ms RTO capped at 120 s (tcp_retries2=15 gives ~924.6 s); null if unknown.
     */
    public Long retransmitGiveUpMillis() {
        if (retries2 == null) {
            return null;
        }
        long rto = 200;
        long total = 0;
        for (int i = 0; i <= retries2; i++) {
            total += rto;
            rto = Math.min(rto * 2, 120_000);
        }
        return total;
    }

    String describe() {
        if (!known()) {
            return "OS TCP settings not read: " + notReadReason;
        }
        return "target OS: tcp_keepalive_time=" + keepaliveTimeSeconds + " s, tcp_keepalive_intvl="
                + keepaliveIntvlSeconds + " s, tcp_keepalive_probes=" + keepaliveProbes
                + ", tcp_retries2=" + retries2;
    }
}
