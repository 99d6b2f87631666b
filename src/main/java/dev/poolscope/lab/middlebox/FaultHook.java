package dev.poolscope.lab.middlebox;

/**
 * Told by a {@link TcpProxy} when it drops, blackholes or closes flows, so that kernel mode can put
 * the same faults into nftables. Calls come from proxy threads; implementations must not block long.
 */
public interface FaultHook {

    FaultHook NONE = new FaultHook() {
    };

    /** The flow between the client's port and the proxy's listening port is now silently dropped. */
    default void flowDropped(int clientPort, int proxyPort) {
    }

    /** The proxy is about to close this dropped flow (with RST): undo the drop first, or the RST is dropped too. */
    default void flowClosing(int clientPort, int proxyPort) {
    }

    /** Everything to and from the proxy's listening port is blackholed (on) or healed (off). */
    default void blackhole(int proxyPort, boolean on) {
    }
}
