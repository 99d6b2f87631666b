package dev.poolscope.live.threads;

/**
 * Exact thread counts per category when the analysis lists only the threads that matter: the probe
 * classified every thread in the target and shipped the counts, plus stacks for the threads not in
 * {@code other} and for holders of pool connections (at most {@code shownLimit}; {@code notShown}
 * more were counted but not listed).
 *
 * @param source "probe" (classified in the target); the ThreadMXBean path needs no totals (it lists every thread)
 */
public record ThreadTotals(String source, int total, int awaitingConnection, int socketIo, int blocked, int other,
                           int shownLimit, int notShown) {

    public static final String PROBE = "probe";

    public int of(ThreadCategory category) {
        return switch (category) {
            case AWAITING_CONNECTION -> awaitingConnection;
            case SOCKET_IO -> socketIo;
            case BLOCKED -> blocked;
            case OTHER -> other;
        };
    }
}
