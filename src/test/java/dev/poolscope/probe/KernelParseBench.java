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
