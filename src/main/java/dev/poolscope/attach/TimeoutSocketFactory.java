package dev.poolscope.attach;

import javax.rmi.ssl.SslRMIClientSocketFactory;
import java.io.IOException;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.rmi.server.RMIClientSocketFactory;
import java.util.Objects;

/**
 * Client sockets with a connect and a read timeout, for one JMX connection's RMI registry lookup
 * (registered in that connection's environment under {@code com.sun.jndi.rmi.factory.socket}, not
 * through the process-wide {@code RMISocketFactory} or {@code sun.rmi.transport.tcp.responseTimeout}).
 * RMI's TCPChannel keeps a socket factory's own SO_TIMEOUT for the life of the connection, so a
 * registry that accepts but never answers (a stopped JVM) fails after {@link #readMillis}.
 *
 * <p>Limit, by RMI's design: the stubs the registry hands out (RMIServer, RMIConnection) carry the
 * client socket factory the <em>server</em> exported them with, so this factory cannot reach the JMX
 * calls themselves; their read timeout is process-wide ({@link RmiTimeouts}), and the poller runs them
 * one at a time (live/OneCallInFlight). equals/hashCode let RMI reuse connections made with an equal factory.
 */
final class TimeoutSocketFactory implements RMIClientSocketFactory, Serializable {

    private static final long serialVersionUID = 1L;

    private final int connectMillis;
    private final int readMillis;
    private final boolean ssl;

    TimeoutSocketFactory(int connectMillis, int readMillis, boolean ssl) {
        this.connectMillis = connectMillis;
        this.readMillis = readMillis;
        this.ssl = ssl;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket socket;
        if (ssl) {
            // SslRMIClientSocketFactory applies javax.rmi.ssl.client.* settings; it connects without a timeout
            // (the caller's deadline bounds that), the read timeout still applies.
            socket = new SslRMIClientSocketFactory().createSocket(host, port);
        } else {
            socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(host, port), connectMillis);
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }
        socket.setSoTimeout(readMillis);
        return socket;
    }

    int connectMillis() {
        return connectMillis;
    }

    int readMillis() {
        return readMillis;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TimeoutSocketFactory f && f.connectMillis == connectMillis && f.readMillis == readMillis
                && f.ssl == ssl;
    }

    @Override
    public int hashCode() {
        return Objects.hash(connectMillis, readMillis, ssl);
    }
}
