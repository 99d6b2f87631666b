package dev.poolscope.probe;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one holder search ({@link MonitorHolders#find}: a sweep for new holders, then a re-check of
 * the found ones) costs with N runnable threads, each holding a monitor while blocked in a read on a
 * socket whose peer never writes (a driver that synchronizes its execute, on a hung connection), and
 * the share of one core that search takes at the scanner's one-second cadence. Not part of the
 * suite; run by hand:
 * {@code java -cp target/test-classes:target/probe-classes dev.poolscope.probe.MonitorSweepBench 256 10 30}
 * (threads, wanted locks, runs).
 */
public final class MonitorSweepBench {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int wanted = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        ServerSocket server = new ServerSocket(0, n + 10, InetAddress.getLoopbackAddress());
        List<Object> locks = new ArrayList<>();
        List<Socket> open = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Object lock = new Object();
            locks.add(lock);
            Socket c = new Socket();
            c.connect(server.getLocalSocketAddress());
            open.add(c);
            open.add(server.accept());
            Thread t = new Thread(() -> {
                synchronized (lock) {
                    try (InputStream in = c.getInputStream()) {
                        in.read();
                    } catch (Exception closed) {
                        // ended by exit
                    }
                }
            }, "reader-" + i);
            t.setDaemon(true);
            t.start();
        }
        while (runnableReaders() < n) {
            Thread.sleep(50);
        }
        Map<Object, Object> wantedLocks = new IdentityHashMap<>();
        for (int i = 0; i < wanted; i++) {
            wantedLocks.put("entry-" + i, locks.get(i * (n / wanted)));
        }
        long[] sweep = new long[runs];
        long[] recheck = new long[runs];
        int found = 0;
        for (int r = 0; r < runs; r++) {
            MonitorHolders m = new MonitorHolders(ManagementFactory.getThreadMXBean(), MonitorHolders.SWEEP_INTERVAL_MILLIS);
            long t0 = System.nanoTime();
            Map<Object, MonitorHolders.Holder> f = m.find(wantedLocks, Collections.emptyMap(), t0);
            long t1 = System.nanoTime();
            m.find(wantedLocks, f, t1);
            long t2 = System.nanoTime();
            sweep[r] = t1 - t0;
            recheck[r] = t2 - t1;
            found = f.size();
            Thread.sleep(100);
        }
        Arrays.sort(sweep);
        Arrays.sort(recheck);
        double p50 = sweep[runs / 2] / 1e6;
        System.out.printf(Locale.ROOT, "threads=%d (runnable in all %d) wanted=%d found=%d runs=%d: sweep p50 %.2f ms, max %.2f ms;"
                        + " re-check p50 %.2f ms, max %.2f ms; at one sweep per %d ms: %.2f %% of one core (p50), %.2f %% (max, after"
                        + " the cost back-off: %.2f %%)%n",
                n, runnable(), wanted, found, runs, p50, sweep[runs - 1] / 1e6, recheck[runs / 2] / 1e6, recheck[runs - 1] / 1e6,
                MonitorHolders.SWEEP_INTERVAL_MILLIS, 100 * p50 / MonitorHolders.SWEEP_INTERVAL_MILLIS,
                100 * sweep[runs - 1] / 1e6 / MonitorHolders.SWEEP_INTERVAL_MILLIS,
                100.0 * sweep[runs - 1] / MonitorHolders.gapAfter(sweep[runs - 1], MonitorHolders.SWEEP_INTERVAL_MILLIS * 1_000_000L));
        for (Socket s : open) {
            s.close();
        }
    }

    private static int runnableReaders() {
        int count = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("reader-") && t.getState() == Thread.State.RUNNABLE) {
                count++;
            }
        }
        return count;
    }

    private static int runnable() {
        int count = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getState() == Thread.State.RUNNABLE) {
                count++;
            }
        }
        return count;
    }
}
