package dev.poolscope.ui.live;

/** Where the live view stands with its target. */
public enum LiveState {
    /** Connected, first snapshot not yet in. */
    WAITING,
    /** Snapshots arriving. */
    LIVE,
    /** The last read failed or missed its deadline; the poller keeps trying. */
    NOT_RESPONDING,
    /** The target exited or closed its JMX connection; the data shown is frozen. */
    GONE
}
