package dev.poolscope.attach;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.rmi.server.RMISocketFactory;

/**
 * PoolScope's process-wide RMI socket factory: the JDK's own sockets, plus a connect timeout.
 *
 * <p>Why: a JMX call stub handed out by a target's registry connects to the target's RMI server
 * port with the factory the target exported it with, which for the JDK's agents is none, so RMI
 * falls back to {@link RMISocketFactory#getSocketFactory()} and, unset, to a plain {@code new
 * Socket(host, port)}: no connect timeout. Against a host that vanished, or an RMI port a firewall
 * drops (the registry port open, the server's port not: the classic JMX-through-a-firewall case),
 * that connect waits for the kernel's SYN retries, about 127 s on Linux, holding the call thread long
 * after the call's deadline told the user. With this factory the thread is free after
 * {@link #connectMillis}. Stubs exported with a factory of their own (SSL) keep theirs.
 *
 * <p>Server sockets are made as the JDK's default factory makes them; PoolScope exports no RMI
 * object of its own.
 */
final class ConnectTimeoutRmiSocketFactory extends RMISocketFactory {

    private final int connectMillis;

    ConnectTimeoutRmiSocketFactory(int connectMillis) {
        this.connectMillis = connectMillis;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), connectMillis);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return socket;
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        return new ServerSocket(port);
    }

    int connectMillis() {
        return connectMillis;
    }
}
