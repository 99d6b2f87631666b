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
 * by the pools' connections. A port never searched (a connection opened since) parses again.
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
    private Set<Integer> askedThisWindow = new HashSet<Integer>();
    private long parsedAtNanos;
    private boolean parsed;
    private long parses;

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
            Set<Integer> ports = new HashSet<Integer>(askedThisWindow);
            ports.addAll(byLocalPort.keySet());
            askedThisWindow = new HashSet<Integer>(byLocalPort.keySet());
            parse(ports, now);
        } else {
            askedThisWindow.addAll(byLocalPort.keySet());
            if (!searched.containsAll(byLocalPort.keySet())) {
                Set<Integer> ports = new HashSet<Integer>(searched);
                ports.addAll(byLocalPort.keySet());
                parse(ports, now);
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

    private void parse(Set<Integer> ports, long now) {
        lines = kernel.linesFor(ports);
        searched = ports;
        parsedAtNanos = now;
        parsed = true;
        parses++;
    }

    /** For tests: the ports the last parse searched. */
    synchronized List<Integer> searchedPorts() {
        return new ArrayList<Integer>(searched);
    }
}
