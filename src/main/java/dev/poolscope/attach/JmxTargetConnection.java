package dev.poolscope.attach;


import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import java.time.Duration;

/** A {@link TargetConnection} over a JMX connector; closing never blocks for long. */
final class JmxTargetConnection implements TargetConnection {
    private final JMXConnector connector;
    private final MBeanServerConnection mbeans;
    private final TargetInfo info;
    private final DeadlineRunner runner;

    JmxTargetConnection(JMXConnector connector, MBeanServerConnection mbeans, TargetInfo info, DeadlineRunner runner) {
        this.connector = connector;
        this.mbeans = mbeans;
        this.info = info;
        this.runner = runner;
    }

    @Override
    public MBeanServerConnection mbeans() {
        return mbeans;
    }

    @Override
    public TargetInfo info() {
        return info;
    }

    @Override
    public void close() {
        try {
            runner.call("closing the connection to " + info.address(), Duration.ofSeconds(2), () -> {
                connector.close();
                return null;
            });
        } catch (ConnectFailure ignored) {
            // The target is gone or hung; the connection dies with it.
        }
    }

    @Override
    public String toString() {
        return info.address();
    }
}
