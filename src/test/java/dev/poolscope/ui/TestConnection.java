package dev.poolscope.ui;

import dev.poolscope.attach.TargetConnection;
import dev.poolscope.attach.TargetInfo;

import javax.management.MBeanServerConnection;

/** A connection for UI tests that never reaches a JVM: the live view gets its snapshots from the test. */
public final class TestConnection implements TargetConnection {
    private final TargetInfo info;
    public volatile boolean closed;

    public TestConnection(TargetInfo info) {
        this.info = info;
    }

    @Override
    public MBeanServerConnection mbeans() {
        throw new UnsupportedOperationException("UI tests feed snapshots directly");
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
