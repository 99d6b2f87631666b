package dev.poolscope.live;

/** Receives a poller's results, on the poller's thread; UI listeners hop to the FX thread themselves. */
public interface SnapshotListener {

    void onSnapshot(TargetSnapshot snapshot);

    /**
     * The target did not answer or went away. Called once per change of condition, not per poll.
     *
     * @param message    for the user, e.g. "target not responding for 12 s"
     * @param targetGone true when the connection is lost for good (process exited, connection closed)
     */
    void onFailure(String message, boolean targetGone);

    /**
     * The poller opened a new connection after JMX had given the old one up (issue 9.5), e.g.
     * "Reconnected to pid 42 at 17:42:10; it had not answered since 17:41:50." Called once per
     * reconnect, before the first snapshot read through the new connection.
     */
    default void onReconnected(String message) {
    }
}
