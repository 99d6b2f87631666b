package dev.poolscope.probe;

import java.io.BufferedReader;
import java.io.FileReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The CPU one parse of this host's /proc/self/net/tcp + tcp6 costs, as the exporter's figures do it
 * (KernelTcp.linesFor: lines of other sockets rejected before any split) against splitting every
 * line first (the earlier parse). Not part of the suite; run by hand:
 * {@code java -cp target/test-classes:target/probe-classes dev.poolscope.probe.KernelParseBench 2000}.
 */
public final class KernelParseBench {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        KernelTcp kernel = new KernelTcp();
        Set<Integer> ports = new HashSet<>(Set.of(54321, 54322));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < n / 4; i++) {
            kernel.linesFor(ports);
            splitEveryLine();
        }
        long t0 = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
            kernel.linesFor(ports);
        }
        long filtered = (threads.getCurrentThreadCpuTime() - t0) / n;
        t0 = threads.getCurrentThreadCpuTime();
        long lines = 0;
        for (int i = 0; i < n; i++) {
            lines = splitEveryLine();
        }
        long split = (threads.getCurrentThreadCpuTime() - t0) / n;
        System.out.printf(Locale.ROOT, "%d lines; CPU per parse: port pre-filter %d us, split every line %d us (%d parses)%n",
                lines, filtered / 1000, split / 1000, n);
        tcp6Only(kernel, n);
    }

    /**
     * SharedKernelTcp's parse for a real loopback connection (a dual-stack Java socket, so in tcp6):
     * both tables against tcp6 alone, which linesFor(ports, endpoints) settles for once every
     * endpoint is found there.
     */
    private static void tcp6Only(KernelTcp kernel, int n) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             java.net.Socket s = new java.net.Socket(server.getInetAddress(), server.getLocalPort());
             java.net.Socket accepted = server.accept()) {
            java.util.List<ConnectionSockets.Endpoint> endpoints = java.util.List.of(new ConnectionSockets.Endpoint(1,
                    s.getLocalAddress(), s.getLocalPort(), s.getInetAddress(), s.getPort()));
            Set<Integer> ports = Set.of(s.getLocalPort());
            if (kernel.linesFor(ports, endpoints).bothTables) {
                System.out.println("the loopback connection is not in tcp6 here: tcp4 is read too, nothing to compare");
                return;
            }
            for (int i = 0; i < n / 4; i++) {
                kernel.linesFor(ports);
                kernel.linesFor(ports, endpoints);
            }
            long t0 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                kernel.linesFor(ports);
            }
            long both = (threads.getCurrentThreadCpuTime() - t0) / n;
            t0 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                kernel.linesFor(ports, endpoints);
            }
            long only6 = (threads.getCurrentThreadCpuTime() - t0) / n;
            System.out.printf(Locale.ROOT, "CPU per parse, connection found in tcp6: tcp + tcp6 %d us, tcp6 alone %d us (%d parses)%n",
                    both / 1000, only6 / 1000, n);
        }
    }

    private static long splitEveryLine() throws Exception {
        long n = 0;
        for (String f : new String[] {"/proc/self/net/tcp", "/proc/self/net/tcp6"}) {
            try (BufferedReader in = new BufferedReader(new FileReader(f))) {
                in.readLine();
                String line;
                while ((line = in.readLine()) != null) {
                    n += line.trim().split("\\s+").length > 9 ? 1 : 0;
                }
            }
        }
        return n;
    }
}
