package dev.poolscope.attach;


import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.remote.JMXConnectionNotification;
import javax.management.remote.JMXConnector;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;

/**
 * A {@link TargetConnection} over a JMX connector that can be reopened (issue 9.5); closing never
 * blocks for long.
 *
 * <p>{@link #mbeans()} is one stable view that always reads through the current connector, so what
 * callers built on it (thread readers with their first-seen times, MXBean proxies) survives a
 * reconnect. The connector's own FAILED/CLOSED notifications mark it broken: RMIConnector sends FAILED
 * just before it closes itself after a call and its check call both failed.
 */
final class JmxTargetConnection implements TargetConnection {

    /**
     * The client environment every PoolScope connector gets: no JMX heartbeat thread. Its check
     * ({@code getDefaultDomain} every 60 s on a thread of its own) is a second caller the one-call rule
     * does not see: against a stopped target it opened a second RMI connection and, with response
     * timeouts set, closed the connector by itself. The poller's own reads are the heartbeat.
     */
    static java.util.Map<String, Object> clientEnvironment(java.util.Map<String, ?> base) {
        java.util.Map<String, Object> env = new java.util.HashMap<>(base);
        env.put("jmx.remote.x.client.connection.check.period", 0L);
        return env;
    }

    /** Opens a new connector to the same target, on the caller's thread (no deadline thread of its own). */
    interface Opener {
        JMXConnector open() throws IOException, ConnectFailure;
    }

    private final Opener opener;
    private final TargetInfo info;
    private final DeadlineRunner runner;
    private final MBeanServerConnection mbeans;
    private final NotificationListener lost = this::connectorEvent;
    private volatile JMXConnector connector;
    private volatile MBeanServerConnection current;
    private volatile boolean broken;

    JmxTargetConnection(JMXConnector connector, MBeanServerConnection mbeans, TargetInfo info, DeadlineRunner runner,
                        Opener opener) {
        this.info = info;
        this.runner = runner;
        this.opener = opener;
        this.mbeans = (MBeanServerConnection) Proxy.newProxyInstance(JmxTargetConnection.class.getClassLoader(),
                new Class<?>[] {MBeanServerConnection.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "equals" -> proxy == args[0];
                            case "hashCode" -> System.identityHashCode(proxy);
                            default -> "JMX connection to " + info.address();
                        };
                    }
                    try {
                        return method.invoke(current, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        use(connector, mbeans);
    }

    private void use(JMXConnector newConnector, MBeanServerConnection newMbeans) {
        newConnector.addConnectionNotificationListener(lost, null, newConnector);
        this.current = newMbeans;
        this.connector = newConnector;
        this.broken = false;
    }

    /** On the thread that made the failing call (NotificationBroadcasterSupport delivers synchronously). */
    private void connectorEvent(Notification n, Object handback) {
        String type = n.getType();
        if (handback == connector && (JMXConnectionNotification.FAILED.equals(type) || JMXConnectionNotification.CLOSED.equals(type))) {
            broken = true;
        }
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
    public boolean broken() {
        return broken;
    }

    @Override
    public void reconnect() throws ConnectFailure {
        if (opener == null) {
            TargetConnection.super.reconnect();
        }
        JMXConnector old = connector;
        JMXConnector fresh;
        MBeanServerConnection freshMbeans;
        try {
            fresh = opener.open();
            freshMbeans = fresh.getMBeanServerConnection();
        } catch (IOException | SecurityException e) {
            throw failure(e);
        }
        use(fresh, freshMbeans);
        // Second, so there is never a moment without a connection; the target answers by now, so
        // closing also frees the session it still holds for the old one.
        try {
            old.removeConnectionNotificationListener(lost);
        } catch (javax.management.ListenerNotFoundException ignored) {
            // already gone
        }
        try {
            old.close();
        } catch (IOException ignored) {
            // It was already closed by JMX, or the target dropped it: nothing left to free.
        }
    }

    private ConnectFailure failure(Exception e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof java.net.ConnectException) {
                return new ConnectFailure(ConnectFailure.Reason.REFUSED, "Nothing listens at " + info.address()
                        + " any more: the target exited or closed JMX (" + DeadlineRunner.describe(e) + ").", e);
            }
            if (c instanceof java.net.SocketTimeoutException) {
                return new ConnectFailure(ConnectFailure.Reason.TIMEOUT, "No answer from " + info.address()
                        + " while reconnecting (" + DeadlineRunner.describe(e) + ").", e);
            }
        }
        if (e instanceof SecurityException) {
            return new ConnectFailure(ConnectFailure.Reason.AUTH_FAILED, "Reconnecting to " + info.address()
                    + " was refused: " + DeadlineRunner.describe(e), e);
        }
        return new ConnectFailure(ConnectFailure.Reason.OTHER, "Could not reconnect to " + info.address() + ": "
                + describe(e) + ".", e);
    }

    /** RMI's "Error unmarshaling return header; nested exception is:" says nothing without its cause's name. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = DeadlineRunner.describe(e).replaceFirst(";? *nested exception is:? *$", "");
        return root.getMessage() == null || root.getMessage().isBlank()
                ? text + " (" + root.getClass().getSimpleName() + ")" : text;
    }

    @Override
    public void close() {
        JMXConnector c = connector;
        try {
            runner.call("closing the connection to " + info.address(), Duration.ofSeconds(2), () -> {
                c.close();
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
