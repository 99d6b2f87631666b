package dev.poolscope.attach;

import java.io.IOException;
import java.rmi.server.RMISocketFactory;
import java.time.Duration;
import java.util.Properties;

/**
 * The read timeouts of PoolScope's RMI client sockets, so that a JMX call to a stopped or hung
 * target ends instead of parking its thread in a socket read for ever (issue 9.5).
 *
 * <p>Why process-wide system properties: the JMX call stubs (RMIServer, RMIConnection) carry the
 * client socket factory the <em>target</em> exported them with (none, for the JDK's agents), and
 * RMIConnector's client side reads no socket factory from the environment map
 * ({@code jmx.remote.rmi.client.socket.factory} is a server-side key; JDK 17 sources). RMI's
 * TCPChannel reads {@code sun.rmi.transport.tcp.responseTimeout} and {@code handshakeTimeout} once,
 * when the class is first used, so they are set before the first connection (JvmConnector's
 * constructor), and only when the user did not set them with -D. PoolScope's JVM has no other RMI
 * client, so nothing else is capped.
 *
 * <p>Why 15 s and not the 5 s call deadline: the timeout caps every call, and a legitimate thread
 * read of a 5,000-thread JVM took up to 5.6 s here (docs/benchmarks.md); the deadline tells the user
 * at 5 s, the timeout frees the call thread. After a timeout RMIConnector checks the connection with
 * one more call and then closes the connector for good, which the poller repairs by reconnecting.
 *
 * <p>New connections get a connect timeout of the same length ({@link ConnectTimeoutRmiSocketFactory},
 * installed process-wide unless something set a factory first): RMI's own default has none.
 */
public final class RmiTimeouts {

    static final String RESPONSE = "sun.rmi.transport.tcp.responseTimeout";
    static final String HANDSHAKE = "sun.rmi.transport.tcp.handshakeTimeout";
    public static final Duration DEFAULT_RESPONSE = Duration.ofSeconds(15);

    private RmiTimeouts() {
    }

    /**
     * Sets both timeouts in {@code props} unless set already; the handshake (a new connection to a
     * stopped JVM is accepted by its kernel and then never answered) gets the response timeout too.
     *
     * @return the response timeout in effect
     */
    static Duration install(Properties props) {
        Duration response = millis(props.getProperty(RESPONSE));
        if (response == null) {
            response = DEFAULT_RESPONSE;
            props.setProperty(RESPONSE, Long.toString(response.toMillis()));
        }
        if (millis(props.getProperty(HANDSHAKE)) == null && !response.isZero()) {
            props.setProperty(HANDSHAKE, Long.toString(response.toMillis()));
        }
        return response;
    }

    /**
     * {@link #install(Properties)} on this JVM's system properties, and the connect timeout (the
     * response timeout; none when that is 0) as this JVM's RMI socket factory.
     */
    static Duration install() {
        Duration response = install(System.getProperties());
        if (!response.isZero()) {
            installConnectTimeout((int) Math.min(Integer.MAX_VALUE, response.toMillis()));
        }
        return response;
    }

    /** Sets the process-wide factory unless one is set (it can be set once); true when this call set it. */
    static boolean installConnectTimeout(int connectMillis) {
        synchronized (RMISocketFactory.class) {
            if (RMISocketFactory.getSocketFactory() != null) {
                return false;
            }
            try {
                RMISocketFactory.setSocketFactory(new ConnectTimeoutRmiSocketFactory(connectMillis));
                return true;
            } catch (IOException | SecurityException e) {
                return false; // set by someone else meanwhile, or not allowed: RMI's default stays
            }
        }
    }

    /** The connect timeout of new RMI connections, or null when this JVM's factory is not PoolScope's. */
    static Duration connectTimeout() {
        return RMISocketFactory.getSocketFactory() instanceof ConnectTimeoutRmiSocketFactory f
                ? Duration.ofMillis(f.connectMillis()) : null;
    }

    /** The response timeout in effect (0 = none), for messages. */
    public static Duration response() {
        Duration d = millis(System.getProperty(RESPONSE));
        return d == null ? Duration.ZERO : d;
    }

    private static Duration millis(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long ms = Long.parseLong(value.strip());
            return ms < 0 ? null : Duration.ofMillis(ms);
        } catch (NumberFormatException e) {
            return null; // RMI ignores it too (Integer.getInteger) and uses its default
        }
    }
}
