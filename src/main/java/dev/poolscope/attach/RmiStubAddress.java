package dev.poolscope.attach;

import javax.management.remote.JMXServiceURL;
import java.rmi.registry.LocateRegistry;
import java.rmi.server.RMIClientSocketFactory;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host:port that a JMX registry hands out for its RMI connector, read back after a connect
 * failed on it. RMI's own error names only the host ("Connection refused to host: 127.0.0.1"), but
 * through a tunnel the port is the whole story: it says whether the target's RMI port differs from
 * its JMX port, or the tunnel forwards another local port number.
 */
final class RmiStubAddress {

    private static final Pattern REGISTRY = Pattern.compile("^/jndi/rmi://(\\[[^]]+]|[^:/]+):(\\d+)/(.+)$");
    /** The JDK's stub text: RMIServerImpl_Stub[UnicastRef2 [liveRef: [endpoint:[127.0.0.1:9010](remote),objID:...]]]. */
    private static final Pattern ENDPOINT = Pattern.compile("endpoint:\\[([^\\]\\s]+:\\d+)]");

    private RmiStubAddress() {
    }

    /**
     * Asks the registry of {@code url} once more for its stub, on {@code sockets} (which carry the
     * connect and read timeouts, see {@link TimeoutSocketFactory}); null when the URL is not a
     * registry URL, the lookup fails, or the JDK's stub text has no endpoint.
     */
    static String lookup(JMXServiceURL url, RMIClientSocketFactory sockets) {
        Matcher m = REGISTRY.matcher(url.getURLPath());
        if (!m.matches()) {
            return null;
        }
        try {
            String host = m.group(1).startsWith("[") ? m.group(1).substring(1, m.group(1).length() - 1) : m.group(1);
            Object stub = LocateRegistry.getRegistry(host, Integer.parseInt(m.group(2)), sockets).lookup(m.group(3));
            return endpointOf(String.valueOf(stub));
        } catch (Exception e) {
            return null; // only a better message was at stake: the caller keeps the one it has
        }
    }

    /** The endpoint in a stub's text, or null. */
    static String endpointOf(String stubText) {
        Matcher e = ENDPOINT.matcher(stubText);
        return e.find() ? e.group(1) : null;
    }
}
