package dev.poolscope.ui;

import dev.poolscope.attach.TargetConnection;
import dev.poolscope.attach.TargetInfo;

import javax.management.MBeanServerConnection;

/** A connection for UI tests that never reaches a JVM: the live view gets its snapshots from the test. */
public final class TestConnection implements TargetConnection {
    private final TargetInfo info;
    private final MBeanServerConnection mbeans;
    public volatile boolean closed;

    public TestConnection(TargetInfo info) {
        this(info, null);
    }

    /** With a real (in-process) MBean server, for code that reads MBeans over the connection. */
    public TestConnection(TargetInfo info, MBeanServerConnection mbeans) {
        this.info = info;
        this.mbeans = mbeans;
    }

    @Override
    public MBeanServerConnection mbeans() {
        if (mbeans == null) {
            throw new UnsupportedOperationException("UI tests feed snapshots directly");
        }
        return mbeans;
    }

    @Override
    public TargetInfo info() {
        return info;
    }

    @Override
    public void close() {
        closed = true;
    }
}
