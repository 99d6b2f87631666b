package dev.poolscope.probe;

import java.io.BufferedReader;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the kernel knows about a connection's socket, read from {@code /proc/self/net/tcp} and
 * {@code tcp6} inside the target, so it is the target's own network namespace (containers, remote
 * JMX). One pass over each file per snapshot; only lines for the wanted sockets are kept, so
 * memory is bounded by the pool size. Field layout: the kernel's {@code get_tcp4_sock}/{@code
 * get_tcp6_sock} (tx_queue = write_seq - snd_una, i.e. bytes sent or queued and not yet
 * acknowledged; "tr" the timer kind; "tm->when" in USER_HZ ticks; "retrnsmt" icsk_retransmits;
 * "timeout" column icsk_probes_out).
 */
final class KernelTcp implements SocketTable {

    /** One socket's line. Durations in millis; -1 when not applicable. */
    static final class Tcp {
        String state;
        long sendQueueBytes;
        long recvQueueBytes;
        String timer;
        long timerMillis = -1;
        int retransmits;
        int probes;
    }

    /** USER_HZ is 100 on every Linux architecture the JDK runs on: one tick is 10 ms. */
    private static final int MILLIS_PER_TICK = 10;
    /** A container with a huge connection table must not make a snapshot slow. */
    private static final int MAX_LINES = 200_000;
    private static final String[] STATES = {"unknown", "established", "syn_sent", "syn_recv", "fin_wait1",
        "fin_wait2", "time_wait", "close", "close_wait", "last_ack", "listen", "closing", "new_syn_recv"};
    private static final String[] TIMERS = {"none", "retransmit", "keepalive", "time_wait", "zero_window_probe"};

    private final String os;
    private final File tcp4;
    private final File tcp6;

    KernelTcp() {
        this(System.getProperty("os.name", "unknown"), new File("/proc/self/net/tcp"), new File("/proc/self/net/tcp6"));
    }

    KernelTcp(String os, File tcp4, File tcp6) {
        this.os = os;
        this.tcp4 = tcp4;
        this.tcp6 = tcp6;
    }

    /** Null when the kernel view can be read here, else the reason in words (same for every socket). */
    @Override
    public String unavailableReason() {
        if (!os.toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return "kernel TCP view is not available on " + os;
        }
        if (!tcp4.canRead() && !tcp6.canRead()) {
            return "kernel TCP view: " + tcp4 + " is not readable in the target";
        }
        return null;
    }

    /** The kernel's line for each wanted endpoint that it has; absent ones are missing from the map. */
    @Override
    public Map<ConnectionSockets.Endpoint, Tcp> lookup(List<ConnectionSockets.Endpoint> wanted) {
        Map<ConnectionSockets.Endpoint, Tcp> found = new IdentityHashMap<ConnectionSockets.Endpoint, Tcp>();
        if (wanted.isEmpty() || unavailableReason() != null) {
            return found;
        }
        Map<Integer, ConnectionSockets.Endpoint> byLocalPort = new HashMap<Integer, ConnectionSockets.Endpoint>();
        for (ConnectionSockets.Endpoint e : wanted) {
            if (e.localPort > 0) {
                byLocalPort.put(e.localPort, e);
            }
        }
        // tcp6 first: Java's sockets are dual-stack, so a pool's connections are usually there, and
        // each table read costs the kernel a walk of its whole socket table (~5 ms), however short.
        final Map<Integer, ConnectionSockets.Endpoint> ports = byLocalPort;
        final Map<ConnectionSockets.Endpoint, Tcp> into = found;
        LineSink parser = new LineSink() {
            @Override
            public void line(String line) {
                parse(line, ports, into);
            }
        };
        readLines(tcp6, parser);
        if (found.size() < byLocalPort.size()) {
            readLines(tcp4, parser);
        }
        return found;
    }

    /**
     * The raw lines of both tables whose local port is one of {@code ports}, for a caller that
     * matches them later; memory is bounded by those ports' sockets.
     */
    Map<Integer, List<String>> linesFor(java.util.Set<Integer> ports) {
        return linesFor(ports, null).lines;
    }

    /** What {@link #linesFor(java.util.Set, List)} read. */
    static final class Lines {
        final Map<Integer, List<String>> lines;
        /** False when tcp4 was skipped: then only the lines of the endpoints asked for are complete. */
        final boolean bothTables;

        Lines(Map<Integer, List<String>> lines, boolean bothTables) {
            this.lines = lines;
            this.bothTables = bothTables;
        }
    }

    /**
     * The raw lines whose local port is one of {@code ports}, for a caller that matches them later
     * ({@link SharedKernelTcp}); memory is bounded by those ports' sockets. A local port alone is not
     * unique (Linux reuses one for different peers), so which line is whose is decided by the full
     * (local, remote) pair. tcp6 is read first; when every one of {@code endpoints} (null: not known)
     * is found there by that pair, tcp4 is skipped, saving the kernel a walk of its whole socket
     * table: a socket is listed in exactly one of the two files, and two sockets cannot share one
     * pair (v4-mapped tcp6 sockets share the kernel's connection hash with tcp4 ones), so tcp4 holds
     * no other line for those endpoints.
     */
    Lines linesFor(java.util.Set<Integer> ports, List<ConnectionSockets.Endpoint> endpoints) {
        Map<Integer, List<String>> lines = new HashMap<Integer, List<String>>();
        if (ports.isEmpty() || unavailableReason() != null) {
            return new Lines(lines, true);
        }
        LineSink collector = collector(ports, lines);
        readLines(tcp6, collector);
        if (endpoints != null && !endpoints.isEmpty() && allFound(endpoints, lines)) {
            return new Lines(lines, false);
        }
        readLines(tcp4, collector);
        return new Lines(lines, true);
    }

    private static boolean allFound(List<ConnectionSockets.Endpoint> endpoints, Map<Integer, List<String>> lines) {
        Map<Integer, ConnectionSockets.Endpoint> one = new HashMap<Integer, ConnectionSockets.Endpoint>(2);
        Map<ConnectionSockets.Endpoint, Tcp> found = new IdentityHashMap<ConnectionSockets.Endpoint, Tcp>(2);
        for (ConnectionSockets.Endpoint e : endpoints) {
            List<String> same = lines.get(e.localPort);
            if (same == null) {
                return false;
            }
            one.clear();
            one.put(e.localPort, e);
            for (int i = 0; i < same.size() && !found.containsKey(e); i++) {
                parse(same.get(i), one, found);
            }
            if (!found.containsKey(e)) {
                return false;
            }
        }
        return true;
    }

    /** The same socket: local port, remote port and both addresses equal (an unknown address matches only unknown). */
    static boolean sameSocket(ConnectionSockets.Endpoint a, ConnectionSockets.Endpoint b) {
        return a.localPort == b.localPort && a.remotePort == b.remotePort
                && equal(a.remoteAddress, b.remoteAddress) && equal(a.localAddress, b.localAddress);
    }

    private static boolean equal(InetAddress a, InetAddress b) {
        return a == null ? b == null : a.equals(b);
    }

    /** Receives the lines of a table, header skipped. */
    private interface LineSink {
        void line(String line);
    }

    private static LineSink collector(final java.util.Set<Integer> ports, final Map<Integer, List<String>> lines) {
        return new LineSink() {
            @Override
            public void line(String line) {
                int port = localPort(line);
                if (port >= 0 && ports.contains(port)) {
                    List<String> same = lines.get(port);
                    if (same == null) {
                        same = new java.util.ArrayList<String>(1);
                        lines.put(port, same);
                    }
                    same.add(line);
                }
            }
        };
    }

    /** Every line of a table after its header, at most MAX_LINES; a file that vanishes mid-read ends early. */
    private static void readLines(File file, LineSink sink) {
        if (!file.canRead()) {
            return;
        }
        BufferedReader in = null;
        try {
            in = new BufferedReader(new InputStreamReader(new FileInputStream(file), "US-ASCII"));
            in.readLine(); // header
            String line;
            int n = 0;
            while ((line = in.readLine()) != null && n++ < MAX_LINES) {
                sink.line(line);
            }
        } catch (IOException e) {
            // A file that vanishes mid-read (namespace torn down) leaves what was found.
        } finally {
            if (in != null) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // nothing to do
                }
            }
        }
    }

    /**
     * The local port of a table line without splitting it ("  12: 0100007F:1F90 ..." : the hex after
     * the second colon), or -1. Most lines belong to other sockets: rejecting them before the split
     * keeps a parse of thousands of lines cheap.
     */
    static int localPort(String line) {
        int sl = line.indexOf(':');
        int colon = sl < 0 ? -1 : line.indexOf(':', sl + 1);
        if (colon < 0) {
            return -1;
        }
        int port = 0;
        int i = colon + 1;
        for (; i < line.length() && i < colon + 5; i++) {
            int d = Character.digit(line.charAt(i), 16);
            if (d < 0) {
                return -1;
            }
            port = port * 16 + d;
        }
        return i == colon + 5 ? port : -1;
    }

    static void parse(String line, Map<Integer, ConnectionSockets.Endpoint> byLocalPort,
                      Map<ConnectionSockets.Endpoint, Tcp> found) {
        int port = localPort(line);
        if (port >= 0 && !byLocalPort.containsKey(port)) {
            return; // another socket: skip the split
        }
        String[] f = line.trim().split("\\s+");
        if (f.length < 10) {
            return;
        }
        int localColon = f[1].indexOf(':');
        int remoteColon = f[2].indexOf(':');
        if (localColon < 0 || remoteColon < 0) {
            return;
        }
        int localPort = Integer.parseInt(f[1].substring(localColon + 1), 16);
        ConnectionSockets.Endpoint e = byLocalPort.get(localPort);
        if (e == null || found.containsKey(e)) {
            return;
        }
        int remotePort = Integer.parseInt(f[2].substring(remoteColon + 1), 16);
        if (remotePort != e.remotePort
                || !sameAddress(f[2].substring(0, remoteColon), e.remoteAddress)
                || (e.localAddress != null && !e.localAddress.isAnyLocalAddress()
                    && !sameAddress(f[1].substring(0, localColon), e.localAddress))) {
            return;
        }
        Tcp t = new Tcp();
        int state = Integer.parseInt(f[3], 16);
        t.state = state > 0 && state < STATES.length ? STATES[state] : "unknown(" + state + ")";
        String[] queues = f[4].split(":");
        t.sendQueueBytes = Long.parseLong(queues[0], 16);
        t.recvQueueBytes = Long.parseLong(queues[1], 16);
        String[] timer = f[5].split(":");
        int kind = Integer.parseInt(timer[0], 16);
        t.timer = kind >= 0 && kind < TIMERS.length ? TIMERS[kind] : "unknown(" + kind + ")";
        if (kind != 0) {
            long ticks = Long.parseLong(timer[1], 16);
            // The kernel prints a negative delta (timer already due) as a huge unsigned value.
            t.timerMillis = ticks > Integer.MAX_VALUE ? 0 : ticks * MILLIS_PER_TICK;
        }
        t.retransmits = (int) Long.parseLong(f[6], 16);
        t.probes = Integer.parseInt(f[8]);
        found.put(e, t);
    }

    /** Compares the kernel's hex address (host-order 32-bit words) with a Java address, IPv4-mapped tolerated. */
    static boolean sameAddress(String hex, InetAddress address) {
        if (address == null) {
            return true;
        }
        byte[] kernel = decode(hex);
        byte[] mine = address.getAddress();
        return java.util.Arrays.equals(unmapped(kernel), unmapped(mine));
    }

    static byte[] decode(String hex) {
        int words = hex.length() / 8;
        byte[] out = new byte[words * 4];
        boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        for (int w = 0; w < words; w++) {
            long word = Long.parseLong(hex.substring(w * 8, w * 8 + 8), 16);
            for (int b = 0; b < 4; b++) {
                int shift = little ? 8 * b : 8 * (3 - b);
                out[w * 4 + b] = (byte) (word >>> shift);
            }
        }
        return out;
    }

    private static byte[] unmapped(byte[] a) {
        if (a.length != 16) {
            return a;
        }
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return a;
            }
        }
        if ((a[10] & 0xff) != 0xff || (a[11] & 0xff) != 0xff) {
            return a;
        }
        return new byte[] {a[12], a[13], a[14], a[15]};
    }
}
