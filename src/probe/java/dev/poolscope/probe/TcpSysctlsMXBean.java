package dev.poolscope.probe;

/** The target OS's TCP sysctls, read inside the target so remote and container targets report their own. */
public interface TcpSysctlsMXBean {

    /** Seconds; null when not readable (see {@link #getNotReadReason()}). */
    Integer getTcpKeepaliveTime();

    /** Seconds. */
    Integer getTcpKeepaliveIntvl();

    Integer getTcpKeepaliveProbes();

    Integer getTcpRetries2();

    /** Why some value is null, in words; null when all four were read. */
    String getNotReadReason();
}
