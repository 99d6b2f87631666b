package dev.poolscope.attach;

import dev.poolscope.attach.ConnectFailure.Reason;

import javax.management.remote.JMXConnector;
import javax.management.remote.JMXServiceURL;
import javax.naming.CommunicationException;
import javax.naming.ServiceUnavailableException;
import javax.net.ssl.SSLException;
import javax.rmi.ssl.SslRMIClientSocketFactory;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.MalformedURLException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.rmi.ConnectIOException;
import java.rmi.UnmarshalException;
import java.rmi.server.ExportException;
import java.rmi.server.RMIClientSocketFactory;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Remote JMX addresses: parsing what a user types, and turning connect failures into messages that
 * say what to change. Remote JMX over RMI is famous for failing behind NAT: the registry answers
 * but hands out a stub with an address the client cannot reach.
 */
public final class RemoteAddresses {

    private static final Pattern HOST_PORT = Pattern.compile("^(\\[[0-9a-fA-F:.]+]|[^:/\\s]+):(\\d{1,5})$");
    private static final Pattern RMI_TARGET_HOST = Pattern.compile("(?:to host|Connection refused to host): ?([^;:\\s]+)");

    private RemoteAddresses() {
    }

    /** Accepts "host:port", "[v6]:port" or a full "service:jmx:..." URL. */
    public static JMXServiceURL parse(String address) throws ConnectFailure {
        String a = address == null ? "" : address.trim();
        if (a.isEmpty()) {
            throw new ConnectFailure(Reason.BAD_ADDRESS, "Enter a JMX service URL or host:port, e.g. db-app-3:9010.");
        }
        if (a.startsWith("service:jmx:")) {
            try {
                return new JMXServiceURL(a);
            } catch (MalformedURLException e) {
                throw new ConnectFailure(Reason.BAD_ADDRESS, "Not a valid JMX service URL (" + DeadlineRunner.describe(e)
                        + "). Example: service:jmx:rmi:///jndi/rmi://host:9010/jmxrmi", e);
            }
        }
        Matcher m = HOST_PORT.matcher(a);
        if (!m.matches()) {
            throw new ConnectFailure(Reason.BAD_ADDRESS, "\"" + a + "\" is neither host:port nor a service:jmx: URL."
                    + " Example: localhost:9010 or service:jmx:rmi:///jndi/rmi://host:9010/jmxrmi");
        }
        int port = Integer.parseInt(m.group(2));
        if (port < 1 || port > 65535) {
            throw new ConnectFailure(Reason.BAD_ADDRESS, "Port " + port + " is out of range (1-65535).");
        }
        try {
            return new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + m.group(1) + ":" + port + "/jmxrmi");
        } catch (MalformedURLException e) {
            throw new ConnectFailure(Reason.BAD_ADDRESS, "Not a valid address: " + DeadlineRunner.describe(e), e);
        }
    }

    /** Connect and read timeouts of the registry lookup's sockets (see {@link TimeoutSocketFactory}). */
    static final int REGISTRY_CONNECT_MILLIS = 5_000;
    static final int REGISTRY_READ_MILLIS = 10_000;

    static Map<String, Object> environment(RemoteTarget target) {
        Map<String, Object> env = new HashMap<>();
        // Per connection, not process-wide: the registry lookup gets its own connect and read timeouts.
        env.put("com.sun.jndi.rmi.factory.socket",
                new TimeoutSocketFactory(REGISTRY_CONNECT_MILLIS, REGISTRY_READ_MILLIS, target.ssl()));
        if (target.username() != null) {
            char[] pw = target.password();
            env.put(JMXConnector.CREDENTIALS, new String[] {target.username(), pw == null ? "" : new String(pw)});
        }
        if (target.ssl()) {
            env.put("jmx.remote.rmi.client.socket.factory", new SslRMIClientSocketFactory());
        }
        return env;
    }

    /** The URL as shown to the user (it never holds a password). */
    public static String display(JMXServiceURL url) {
        String s = url.toString();
        Matcher m = Pattern.compile("^service:jmx:rmi:///jndi/rmi://([^/]+)/jmxrmi$").matcher(s);
        return m.matches() ? m.group(1) : s;
    }

    /**
     * As {@link #classify(Throwable, JMXServiceURL, String)}, and when that points at RMI's handed-out
     * address, asks the registry for it once more (on the connection's own timeout sockets) so the
     * message can name its port. Runs on the caller's deadline thread: it is a network call.
     */
    static ConnectFailure diagnose(Throwable e, JMXServiceURL url, Map<String, ?> env, String shown) {
        ConnectFailure first = classify(e, url, shown);
        if (first.reason() != Reason.NAT_RMI) {
            return first;
        }
        Object sockets = env.get("com.sun.jndi.rmi.factory.socket");
        String stub = RmiStubAddress.lookup(url, sockets instanceof RMIClientSocketFactory f ? f
                : new TimeoutSocketFactory(REGISTRY_CONNECT_MILLIS, REGISTRY_READ_MILLIS, false));
        return stub == null ? first : classify(e, url, shown, stub);
    }

    /** Turns a connect failure into the specific, actionable message the user sees. */
    public static ConnectFailure classify(Throwable e, JMXServiceURL url, String shown) {
        return classify(e, url, shown, null);
    }

    /**
     * As {@link #classify(Throwable, JMXServiceURL, String)}, knowing the host:port the registry handed
     * out for its RMI connector ({@code stubAddress}, null when unknown).
     */
    static ConnectFailure classify(Throwable e, JMXServiceURL url, String shown, String stubAddress) {
        String typedHost = url.getURLPath().contains("rmi://") ? hostOf(url.getURLPath()) : url.getHost();
        if (find(e, SecurityException.class) != null) {
            return new ConnectFailure(Reason.AUTH_FAILED, "Authentication failed at " + shown
                    + ": wrong username or password, or the user is not in the target's jmxremote.access file.", e);
        }
        Throwable ssl = find(e, SSLException.class);
        if (ssl != null) {
            return new ConnectFailure(Reason.SSL_MISMATCH, "SSL does not match at " + shown + " (" + DeadlineRunner.describe(ssl)
                    + "): untick SSL if the target runs with com.sun.management.jmxremote.ssl=false,"
                    + " or import its certificate into the trust store if it uses SSL.", e);
        }
        Throwable unknown = find(e, UnknownHostException.class);
        if (unknown != null) {
            String host = unknown.getMessage();
            if (host != null && typedHost != null && !host.equalsIgnoreCase(typedHost)) {
                return natFailure(e, shown, stubAddress != null ? stubAddress : host, typedHost);
            }
            return new ConnectFailure(Reason.UNKNOWN_HOST, "Unknown host \"" + (host == null ? typedHost : host)
                    + "\": check the name or use an IP address.", e);
        }
        String all = messages(e);
        if (all.contains("non-JRMP server") || find(e, UnmarshalException.class) != null
                || find(e, ConnectIOException.class) != null && all.contains("JRMP")) {
            return new ConnectFailure(Reason.NOT_JMX, shown + " answers, but not as a JMX/RMI endpoint."
                    + " Is it the service's HTTP or database port? If the target uses SSL for JMX, tick SSL.", e);
        }
        Throwable refused = find(e, java.rmi.ConnectException.class);
        Matcher m = RMI_TARGET_HOST.matcher(refused == null ? "" : String.valueOf(refused.getMessage()));
        boolean stubHostKnown = m.find();
        if (refused != null && stubHostKnown && typedHost != null && !sameHost(m.group(1), typedHost)) {
            return natFailure(e, shown, stubAddress != null ? stubAddress : m.group(1), typedHost);
        }
        // Through a tunnel the registry answered (the stub was retrieved) but its RMI port is not forwarded.
        if (refused != null && typedHost != null && isLoopback(typedHost.toLowerCase(Locale.ROOT))
                && !all.contains("Failed to retrieve RMIServer stub")) {
            String stubPort = portOf(stubAddress);
            String typedPort = url.getURLPath().contains("rmi://") ? portOf(hostPortOf(url.getURLPath()))
                    : String.valueOf(url.getPort());
            // Refused although the registry answered on that same port would be a tunnel that just died: the general text.
            if (stubPort != null && !stubPort.equals(typedPort)) {
                return new ConnectFailure(Reason.NAT_RMI, "The JMX registry at " + shown + " answered, but handed out "
                        + stubAddress + " for the RMI connection, and nothing on this machine accepts that port."
                        + " Through a tunnel (ssh -L or kubectl port-forward) that address must be the forwarded port itself,"
                        + " with the same number on both ends. If the target's jmxremote.port is " + stubPort + ", forward "
                        + stubPort + " to " + stubPort + " (ssh -L " + stubPort + ":127.0.0.1:" + stubPort + " <user>@<host>,"
                        + " or kubectl port-forward <pod> " + stubPort + ":" + stubPort + ") and connect to 127.0.0.1:" + stubPort
                        + "; if it is not, start the target with -Dcom.sun.management.jmxremote.rmi.port equal to"
                        + " jmxremote.port (docs/remote.md).", e);
            }
            return new ConnectFailure(Reason.NAT_RMI, "The JMX registry at " + shown + " answered, but the RMI port it"
                    + " handed out is refused on this machine. Through a tunnel (ssh -L, kubectl port-forward) only the"
                    + " forwarded port reaches the target: start it with -Dcom.sun.management.jmxremote.rmi.port equal to"
                    + " jmxremote.port and -Djava.rmi.server.hostname=127.0.0.1, and forward that one port (docs/remote.md).", e);
        }
        if (find(e, NoRouteToHostException.class) != null) {
            return new ConnectFailure(Reason.REFUSED, "No route to " + shown + ": a firewall or the network blocks it.", e);
        }
        if (find(e, ConnectException.class) != null || refused != null || find(e, ServiceUnavailableException.class) != null) {
            return new ConnectFailure(Reason.REFUSED, "Nothing accepts JMX connections at " + shown
                    + " (connection refused). Check the port (-Dcom.sun.management.jmxremote.port) and that the service runs.", e);
        }
        if (find(e, SocketTimeoutException.class) != null) {
            return new ConnectFailure(Reason.TIMEOUT, shown + " did not answer in time.", e);
        }
        if (find(e, EOFException.class) != null || find(e, java.net.SocketException.class) != null) {
            return new ConnectFailure(Reason.NOT_JMX, shown + " closed the connection: it is probably not a JMX port,"
                    + " or it expects SSL (tick SSL).", e);
        }
        if (find(e, CommunicationException.class) != null || find(e, ExportException.class) != null) {
            return new ConnectFailure(Reason.OTHER, "RMI failure at " + shown + ": " + DeadlineRunner.describe(e), e);
        }
        return new ConnectFailure(Reason.OTHER, "Could not connect to " + shown + ": " + DeadlineRunner.describe(e), e);
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private static String messages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            sb.append(c.getMessage()).append(" | ");
        }
        return sb.toString();
    }

    private static ConnectFailure natFailure(Throwable e, String shown, String stubHost, String typedHost) {
        if (isLoopback(typedHost.toLowerCase(Locale.ROOT))) {
            // Typed localhost yet handed another host: a tunnel (ssh -L, kubectl port-forward) to a target that names itself.
            return new ConnectFailure(Reason.NAT_RMI, "The JMX registry at " + shown + " answered through what looks like a"
                    + " tunnel (ssh -L or kubectl port-forward), but sent back an RMI address (\"" + stubHost + "\") that only"
                    + " works on the target's side. Start the target with -Djava.rmi.server.hostname=127.0.0.1 and"
                    + " -Dcom.sun.management.jmxremote.rmi.port equal to jmxremote.port, and forward that one port (docs/remote.md).", e);
        }
        return new ConnectFailure(Reason.NAT_RMI, "The JMX registry at " + shown + " answered, but sent back an RMI address (\""
                + stubHost + "\") that this machine cannot reach, as happens behind NAT, Docker or Kubernetes."
                + " Start the target with -Djava.rmi.server.hostname=<a name you can reach> and"
                + " -Dcom.sun.management.jmxremote.rmi.port=<the same port as jmxremote.port>.", e);
    }

    private static boolean sameHost(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        return x.equals(y) || isLoopback(x) && isLoopback(y);
    }

    private static boolean isLoopback(String h) {
        return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
    }

    /** "host:port" of the registry in a /jndi/rmi://host:port/name path, or null. */
    private static String hostPortOf(String urlPath) {
        Matcher m = Pattern.compile("rmi://((?:\\[[^]]+]|[^:/]+):\\d+)").matcher(urlPath);
        return m.find() ? m.group(1) : null;
    }

    /** The port after the last ':' of "host:port", or null. */
    private static String portOf(String hostPort) {
        int colon = hostPort == null ? -1 : hostPort.lastIndexOf(':');
        return colon < 0 ? null : hostPort.substring(colon + 1);
    }

    private static String hostOf(String urlPath) {
        Matcher m = Pattern.compile("rmi://(\\[[^]]+]|[^:/]+)").matcher(urlPath);
        return m.find() ? m.group(1) : null;
    }
}
