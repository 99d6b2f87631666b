package dev.poolscope.probe;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Finds HikariCP pools that have not borrowed since the probe was loaded, without their MBeans
 * (most services leave registerMbeans off). Every live pool schedules its {@code HouseKeeper} on a
 * ScheduledThreadPoolExecutor, whose worker thread is alive: thread -> its Runnable (the executor's
 * Worker) -> the executor -> its queue of ScheduledFutureTasks -> the task's callable (a
 * RunnableAdapter) -> HouseKeeper -> {@code this$0}, the HikariPool.
 *
 * <p>Reads the queue's backing array without its lock (racy but harmless: a pool missed now is
 * found on the next scan) and reads private JDK fields, so {@code java.lang} and
 * {@code java.util.concurrent} must be opened to the probe on Java 9+ ({@link Modules}).
 */
final class PoolFinder {

    private static final String HOUSE_KEEPER = "com.zaxxer.hikari.pool.HikariPool$HouseKeeper";

    private final Field threadTarget;      // Thread.target (Java 8-20)
    private final Field threadHolder;      // Thread.holder (Java 21+)
    private Field holderTask;              // Thread$FieldHolder.task
    private final Field workerOuter;       // ThreadPoolExecutor$Worker.this$0
    private final Field queueArray;        // ScheduledThreadPoolExecutor$DelayedWorkQueue.queue
    private final Field futureCallable;    // FutureTask.callable
    private final Field adapterTask;       // Executors$RunnableAdapter.task
    final String problem;

    PoolFinder() {
        StringBuilder why = new StringBuilder();
        threadTarget = field(Thread.class, "target", null);
        threadHolder = threadTarget == null ? field(Thread.class, "holder", why) : null;
        workerOuter = field(classNamed("java.util.concurrent.ThreadPoolExecutor$Worker"), "this$0", why);
        queueArray = field(classNamed("java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue"), "queue", why);
        futureCallable = field(java.util.concurrent.FutureTask.class, "callable", why);
        adapterTask = field(classNamed("java.util.concurrent.Executors$RunnableAdapter"), "task", why);
        if (threadTarget == null && threadHolder == null) {
            why.append("Thread.target/holder not readable; ");
        }
        problem = why.length() == 0 ? null : why.toString();
    }

    /** Pools reachable from live housekeeper threads now. */
    List<Object> findPools() {
        if (problem != null) {
            return Collections.emptyList();
        }
        Map<Object, Boolean> executors = new IdentityHashMap<Object, Boolean>();
        for (Thread thread : allThreads()) {
            Object executor = executorOf(thread);
            if (executor instanceof ScheduledThreadPoolExecutor) {
                executors.put(executor, Boolean.TRUE);
            }
        }
        List<Object> pools = new ArrayList<Object>();
        for (Object executor : executors.keySet()) {
            collectPools((ScheduledThreadPoolExecutor) executor, pools);
        }
        return pools;
    }

    private Object executorOf(Thread thread) {
        try {
            Object runnable;
            if (threadTarget != null) {
                runnable = threadTarget.get(thread);
            } else {
                Object holder = threadHolder.get(thread);
                if (holder == null) {
                    return null;
                }
                if (holderTask == null) {
                    holderTask = field(holder.getClass(), "task", null);
                    if (holderTask == null) {
                        return null;
                    }
                }
                runnable = holderTask.get(holder);
            }
            if (runnable == null || !runnable.getClass().getName().equals("java.util.concurrent.ThreadPoolExecutor$Worker")) {
                return null;
            }
            return workerOuter.get(runnable);
        } catch (Exception e) {
            return null;
        }
    }

    private void collectPools(ScheduledThreadPoolExecutor executor, List<Object> pools) {
        try {
            Object[] tasks = (Object[]) queueArray.get(executor.getQueue());
            if (tasks == null) {
                return;
            }
            for (Object task : tasks.clone()) {
                if (!(task instanceof java.util.concurrent.FutureTask)) {
                    continue;
                }
                Object callable = futureCallable.get(task);
                if (callable == null || !callable.getClass().getName().equals("java.util.concurrent.Executors$RunnableAdapter")) {
                    continue;
                }
                Object runnable = adapterTask.get(callable);
                if (runnable != null && HOUSE_KEEPER.equals(runnable.getClass().getName())) {
                    Field outer = field(runnable.getClass(), "this$0", null);
                    Object pool = outer == null ? null : outer.get(runnable);
                    if (pool != null && !pools.contains(pool)) {
                        pools.add(pool);
                    }
                }
            }
        } catch (Exception e) {
            // racy read of a changing queue: try again at the next scan
        }
    }

    private static Thread[] allThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n;
        while ((n = root.enumerate(threads, true)) == threads.length) {
            threads = new Thread[threads.length * 2];
        }
        Thread[] result = new Thread[n];
        System.arraycopy(threads, 0, result, 0, n);
        return result;
    }

    private static Field field(Class<?> owner, String name, StringBuilder why) {
        if (owner == null) {
            if (why != null) {
                why.append("class for field ").append(name).append(" not found; ");
            }
            return null;
        }
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (Exception e) {
            if (why != null) {
                why.append(owner.getName()).append('.').append(name).append(": ").append(e).append("; ");
            }
            return null;
        }
    }

    private static Class<?> classNamed(String name) {
        try {
            return Class.forName(name);
        } catch (Exception e) {
            return null;
        }
    }
}
