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
}
