package dev.poolscope.probe;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.lang.reflect.Field;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one {@link LeakTasks#find} costs on a real HikariCP pool (H2 in memory, leakDetectionThreshold
 * 10 min) with N connections borrowed and all N wanted: one pass over the housekeeper's queue array,
 * the match, and N stack traces. Not part of the suite; run by hand (java.util.concurrent must be open
 * to it, as the probe opens it through Instrumentation):
 * {@code java --add-opens java.base/java.util.concurrent=ALL-UNNAMED -cp target/test-classes:target/probe-classes:$(cat cp.txt)
 * dev.poolscope.probe.LeakTaskReadBench 50 30}.
 */
public final class LeakTaskReadBench {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:leakbench;DB_CLOSE_DELAY=-1");
        config.setMaximumPoolSize(n);
        config.setMinimumIdle(n);
        config.setLeakDetectionThreshold(600_000);
        try (HikariDataSource ds = new HikariDataSource(config)) {
            List<Connection> held = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                held.add(ds.getConnection());
            }
            Object pool = field(ds, "pool");
            Object bag = field(pool, "connectionBag");
            List<?> entries = (List<?>) bag.getClass().getMethod("values").invoke(bag);
            Map<Object, Object> wanted = new IdentityHashMap<>();
            for (Object entry : entries) {
                wanted.put(entry, field(entry, "connection"));
            }
            long[] nanos = new long[runs];
            int found = 0;
            for (int r = 0; r < runs; r++) {
                LeakTasks tasks = new LeakTasks(pool.getClass()); // fresh: handles looked up as at a first look
                long t0 = System.nanoTime();
                found = tasks.find(pool, wanted).size();
                nanos[r] = System.nanoTime() - t0;
                if (tasks.problem() != null) {
                    throw new IllegalStateException(tasks.problem());
                }
            }
            Arrays.sort(nanos);
            System.out.printf(Locale.ROOT, "connections borrowed=%d wanted=%d found=%d runs=%d: find p50 %.3f ms, max %.3f ms%n",
                    n, wanted.size(), found, runs, nanos[runs / 2] / 1e6, nanos[runs - 1] / 1e6);
            for (Connection c : held) {
                c.close();
            }
        }
    }

    private static Object field(Object target, String name) throws Exception {
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(target);
            } catch (NoSuchFieldException e) {
                // superclass
            }
        }
        throw new NoSuchFieldException(name);
    }
}
