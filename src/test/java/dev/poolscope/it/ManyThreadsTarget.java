package dev.poolscope.it;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * A child JVM with {@code args[0]} idle threads, each parked {@code args[1]} (default 30) frames deep,
 * as a large service's executor threads are; prints READY once all are parked and lives until its
 * parent closes its stdin. Does nothing else, so its own CPU time is what watching it costs.
 */
public final class ManyThreadsTarget {

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        int depth = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        CountDownLatch parked = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> deep(depth, parked), "worker-" + i);
            t.setDaemon(true);
            t.start();
        }
        parked.await();
        System.out.println("READY " + ProcessHandle.current().pid() + " " + threads + " threads");
        System.out.flush();
        while (System.in.read() >= 0) {
            // Keep running until stdin closes.
        }
    }

    private static void deep(int frames, CountDownLatch parked) {
        if (frames > 0) {
            deep(frames - 1, parked);
            return;
        }
        parked.countDown();
        while (true) {
            LockSupport.park();
        }
    }
}
