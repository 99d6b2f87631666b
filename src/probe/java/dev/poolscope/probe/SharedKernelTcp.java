package dev.poolscope.probe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The kernel socket table for the exporter's figures ({@link PoolMetrics}): one parse of
 * /proc/self/net/tcp and tcp6 serves every pool read within {@link #MAX_AGE_MILLIS}, because a
 * scrape reads all pools' MBeans within milliseconds and the parse walks every socket of the
 * network namespace (thousands of lines on a busy host). So the kernel evidence behind a figure is
 * at most {@link #MAX_AGE_MILLIS} old.
 *
 * <p>A parse keeps only the lines of the local ports asked for in the previous window as well as
 * now, so the next scrape's first pool read also finds the other pools' sockets; memory is bounded
 * by the pools' connections. A port never searched (a connection opened since) parses again. When
 * every endpoint of a parse is found in tcp6 by its full (local, remote) pair, tcp4 is not read
 * (about 5 ms of kernel time per table here; Java's sockets are dual-stack, so usually in tcp6);
 * such a parse answers only for those endpoints, and another endpoint on the same port parses again.
 * JMX threads only; synchronized on this table (the probe's own lock, never the pool's).
 */
final class SharedKernelTcp implements SocketTable {

    static final long MAX_AGE_MILLIS = 1000;

    /** Nanosecond clock, so tests can step time. */
    interface Ticker {
        long nanoTime();
    }

    private final KernelTcp kernel;
    private final Ticker ticker;
    private Map<Integer, List<String>> lines = new HashMap<Integer, List<String>>();
    private Set<Integer> searched = new HashSet<Integer>();
    /** The endpoints the last parse was for; when it skipped tcp4, only their lines are complete. */
    private List<ConnectionSockets.Endpoint> searchedEndpoints = new ArrayList<ConnectionSockets.Endpoint>();
    private boolean searchedBothTables = true;
    private List<ConnectionSockets.Endpoint> askedThisWindow = new ArrayList<ConnectionSockets.Endpoint>();
    private long parsedAtNanos;
    private boolean parsed;
    private long parses;
    private long tcp4Skipped;

    SharedKernelTcp(KernelTcp kernel, Ticker ticker) {
        this.kernel = kernel;
        this.ticker = ticker;
    }

    SharedKernelTcp() {
        this(new KernelTcp(), new Ticker() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }
        });
    }

    @Override
    public String unavailableReason() {
        return kernel.unavailableReason();
    }

    @Override
    public synchronized Map<ConnectionSockets.Endpoint, KernelTcp.Tcp> lookup(List<ConnectionSockets.Endpoint> wanted) {
        Map<Integer, ConnectionSockets.Endpoint> byLocalPort = new HashMap<Integer, ConnectionSockets.Endpoint>();
        for (ConnectionSockets.Endpoint e : wanted) {
            if (e.localPort > 0) {
                byLocalPort.put(e.localPort, e);
            }
        }
        Map<ConnectionSockets.Endpoint, KernelTcp.Tcp> found = new IdentityHashMap<ConnectionSockets.Endpoint, KernelTcp.Tcp>();
        if (byLocalPort.isEmpty()) {
            return found;
        }
        long now = ticker.nanoTime();
        boolean stale = !parsed || now - parsedAtNanos > MAX_AGE_MILLIS * 1_000_000L;
        if (stale) {
            List<ConnectionSockets.Endpoint> endpoints = new ArrayList<ConnectionSockets.Endpoint>(askedThisWindow);
            addNew(endpoints, wanted);
            askedThisWindow = new ArrayList<ConnectionSockets.Endpoint>();
            addNew(askedThisWindow, wanted);
            parse(endpoints, now);
        } else {
            addNew(askedThisWindow, wanted);
            if (!covers(byLocalPort.keySet(), wanted)) {
                List<ConnectionSockets.Endpoint> endpoints = new ArrayList<ConnectionSockets.Endpoint>(searchedEndpoints);
                addNew(endpoints, wanted);
                parse(endpoints, now);
            }
        }
        for (Integer port : byLocalPort.keySet()) {
            List<String> same = lines.get(port);
            if (same != null) {
                for (int i = 0; i < same.size(); i++) {
                    KernelTcp.parse(same.get(i), byLocalPort, found);
                }
            }
        }
        return found;
    }

    /** Parses of the kernel tables so far (for tests and the cost figures). */
    synchronized long parses() {
        return parses;
    }

    /** Parses that read tcp6 alone, every endpoint having been found there (for tests and the cost figures). */
    synchronized long tcp4Skipped() {
        return tcp4Skipped;
    }

    /** Whether the last parse has every line the wanted endpoints could match. */
    private boolean covers(Set<Integer> ports, List<ConnectionSockets.Endpoint> wanted) {
        if (searchedBothTables) {
            return searched.containsAll(ports); // every line of these ports, from both tables
        }
        for (ConnectionSockets.Endpoint e : wanted) {
            if (e.localPort > 0 && !contains(searchedEndpoints, e)) {
                return false; // tcp4 was skipped: another peer on this port may be there
            }
        }
        return true;
    }

    private void parse(List<ConnectionSockets.Endpoint> endpoints, long now) {
        Set<Integer> ports = new HashSet<Integer>();
        for (ConnectionSockets.Endpoint e : endpoints) {
            ports.add(e.localPort);
        }
        KernelTcp.Lines read = kernel.linesFor(ports, endpoints);
        lines = read.lines;
        searched = ports;
        searchedEndpoints = endpoints;
        searchedBothTables = read.bothTables;
        parsedAtNanos = now;
        parsed = true;
        parses++;
        if (!read.bothTables) {
            tcp4Skipped++;
        }
    }

    /** Adds the wanted endpoints that {@code into} does not hold yet (the same socket by value: reads make new objects). */
    private static void addNew(List<ConnectionSockets.Endpoint> into, List<ConnectionSockets.Endpoint> wanted) {
        for (ConnectionSockets.Endpoint e : wanted) {
            if (e.localPort > 0 && !contains(into, e)) {
                into.add(e);
            }
        }
    }

    private static boolean contains(List<ConnectionSockets.Endpoint> list, ConnectionSockets.Endpoint e) {
        for (int i = 0; i < list.size(); i++) {
            if (KernelTcp.sameSocket(list.get(i), e)) {
                return true;
            }
        }
        return false;
    }

    /** For tests: the ports the last parse searched. */
    synchronized List<Integer> searchedPorts() {
        return new ArrayList<Integer>(searched);
    }
}
