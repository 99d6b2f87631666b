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

    /** Closes the JMX connection; never throws, never blocks longer than a short deadline. */
    @Override
    void close();
}
