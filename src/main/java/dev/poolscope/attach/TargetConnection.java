package dev.poolscope.attach;


import javax.management.MBeanServerConnection;

/**
 * An open JMX connection to a target JVM. Calls on {@link #mbeans()} cross a process boundary and
 * can hang: callers run them off the FX thread with a deadline (see {@link DeadlineRunner}).
 */
public interface TargetConnection extends AutoCloseable {

    MBeanServerConnection mbeans();

    /** What was learnt at connect time (pid, name, JVM version, probe status). */
    TargetInfo info();

    /**
     * True once JMX gave this connection up: RMIConnector closes its connector for good when a call
     * and its own check call both fail (a target stopped longer than twice the RMI response timeout,
     * or gone). Calls on it can only fail; {@link #reconnect()} repairs it. Never blocks.
     */
    default boolean broken() {
        return false;
    }

    /**
     * Opens one new JMX connection to the same target and then closes the old one; {@link #mbeans()}
     * keeps working and reads through the new one. Blocking, on the caller's thread, bounded by the
     * RMI socket timeouts ({@link RmiTimeouts}): run it where a hung call costs nothing more (the
     * poller's one call thread).
     *
     * @throws ConnectFailure REFUSED when nothing listens any more (the target exited), else why not
     */
    default void reconnect() throws ConnectFailure {
        throw new ConnectFailure(ConnectFailure.Reason.OTHER, "this connection cannot be reopened");
    }

    /** Closes the JMX connection; never throws, never blocks longer than a short deadline. */
    @Override
    void close();
}
