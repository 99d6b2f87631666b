package dev.poolscope.lab.strategy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;
import javax.net.SocketFactory;
import jdk.net.ExtendedSocketOptions;

/**
 * pgjdbc {@code socketFactory} that tunes TCP keepalive per socket, so one lab pool can probe every
 * 1 s while the machine's default (net.ipv4.tcp_keepalive_time) stays at 2 hours.
 *
 * <p>Two traps (design.md): pgjdbc calls the no-argument {@link #createSocket()} and connects the
 * socket itself, so the options must be set there; and after connecting it calls
 * {@code setKeepAlive(tcpKeepAlive)}, so the pool must also set {@code tcpKeepAlive=true} or
 * SO_KEEPALIVE is switched off again. pgjdbc passes {@code socketFactoryArg} to the constructor:
 * {@code idle=2,interval=1,count=2} (seconds, seconds, probes).
 */
public final class KeepaliveSocketFactory extends SocketFactory {

    private final int idleSeconds;
    private final int intervalSeconds;
    private final int count;

    public KeepaliveSocketFactory(String arg) {
        Map<String, Integer> values = parse(arg);
        this.idleSeconds = values.getOrDefault("idle", 2);
        this.intervalSeconds = values.getOrDefault("interval", 1);
        this.count = values.getOrDefault("count", 2);
    }

    public static String arg(int idleSeconds, int intervalSeconds, int count) {
        return "idle=" + idleSeconds + ",interval=" + intervalSeconds + ",count=" + count;
    }

    @Override
    public Socket createSocket() throws IOException {
        Socket socket = new Socket();
        socket.setKeepAlive(true);
        socket.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, idleSeconds);
        socket.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, intervalSeconds);
        socket.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, count);
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket s = createSocket();
        s.connect(new InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket s = createSocket();
        s.bind(new InetSocketAddress(localHost, localPort));
        s.connect(new InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        Socket s = createSocket();
        s.connect(new InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        Socket s = createSocket();
        s.bind(new InetSocketAddress(localAddress, localPort));
        s.connect(new InetSocketAddress(address, port));
        return s;
    }

    private static Map<String, Integer> parse(String arg) {
        Map<String, Integer> m = new HashMap<>();
        if (arg == null || arg.isBlank()) {
            return m;
        }
        for (String part : arg.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length == 2) {
                m.put(kv[0].strip(), Integer.parseInt(kv[1].strip()));
            }
        }
        return m;
    }
}
