package dev.poolscope.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A realistic thread population for benchmarks: deep web-framework stacks (Tomcat + Spring, about 60
 * frames below the interesting part), with idle pool threads, busy request threads, HikariCP waiters,
 * pgjdbc socket reads and blocked threads in fixed proportions. Deterministic (seeded).
 */
public final class SyntheticThreads {

    /** One thread as the classifier sees it. */
    public record Raw(long id, String name, Thread.State state, StackTraceElement[] frames, String lockName,
                      long lockOwnerId, String lockOwnerName) {
    }

    private SyntheticThreads() {
    }

    public static List<Raw> population(int count, long seed) {
        Random random = new Random(seed);
        StackTraceElement[] web = webBase(60);
        List<Raw> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int kind = random.nextInt(100);
            String name = "http-nio-8080-exec-" + i;
            if (kind < 40) {
                out.add(new Raw(i, "pool-1-thread-" + i, Thread.State.WAITING, frames(
                        "jdk.internal.misc.Unsafe.park", "java.util.concurrent.locks.LockSupport.park",
                        "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject.await",
                        "java.util.concurrent.LinkedBlockingQueue.take",
                        "java.util.concurrent.ThreadPoolExecutor.getTask",
                        "java.util.concurrent.ThreadPoolExecutor.runWorker",
                        "java.util.concurrent.ThreadPoolExecutor$Worker.run", "java.lang.Thread.run"),
                        "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject@" + i, -1, null));
            } else if (kind < 60) {
                out.add(new Raw(i, name, Thread.State.RUNNABLE, concat(frames(
                        "com.fasterxml.jackson.databind.ser.BeanSerializer.serialize",
                        "com.example.orders.OrderController.list"), web), null, -1, null));
            } else if (kind < 75) {
                out.add(new Raw(i, name, Thread.State.TIMED_WAITING, concat(frames(
                        "jdk.internal.misc.Unsafe.park", "java.util.concurrent.locks.LockSupport.parkNanos",
                        "java.util.concurrent.SynchronousQueue$TransferStack.transfer",
                        "java.util.concurrent.SynchronousQueue.poll", "com.zaxxer.hikari.util.ConcurrentBag.borrow",
                        "com.zaxxer.hikari.pool.HikariPool.getConnection",
                        "com.zaxxer.hikari.pool.HikariPool.getConnection",
                        "com.zaxxer.hikari.HikariDataSource.getConnection",
                        "org.springframework.jdbc.datasource.DataSourceUtils.fetchConnection",
                        "org.springframework.jdbc.core.JdbcTemplate.execute",
                        "com.example.orders.OrderRepository.findOpen"), web),
                        "java.util.concurrent.SynchronousQueue$TransferStack@" + i, -1, null));
            } else if (kind < 90) {
                out.add(new Raw(i, name, Thread.State.RUNNABLE, concat(frames(
                        "sun.nio.ch.Net.poll", "sun.nio.ch.NioSocketImpl.park", "sun.nio.ch.NioSocketImpl.timedRead",
                        "sun.nio.ch.NioSocketImpl.implRead", "sun.nio.ch.NioSocketImpl.read",
                        "sun.nio.ch.NioSocketImpl$1.read", "java.net.Socket$SocketInputStream.read",
                        "org.postgresql.core.VisibleBufferedInputStream.readMore",
                        "org.postgresql.core.VisibleBufferedInputStream.ensureBytes",
                        "org.postgresql.core.VisibleBufferedInputStream.read",
                        "org.postgresql.core.PGStream.receiveChar",
                        "org.postgresql.core.v3.QueryExecutorImpl.processResults",
                        "org.postgresql.core.v3.QueryExecutorImpl.execute",
                        "org.postgresql.jdbc.PgStatement.executeInternal",
                        "com.zaxxer.hikari.pool.ProxyStatement.executeQuery",
                        "org.springframework.jdbc.core.JdbcTemplate.query",
                        "com.example.orders.OrderRepository.findOpen"), web), null, -1, null));
            } else {
                out.add(new Raw(i, name, Thread.State.BLOCKED, concat(frames(
                        "com.example.orders.PriceCache.get", "com.example.orders.OrderService.price"), web),
                        "java.lang.Object@5f3a", 3, "http-nio-8080-exec-3"));
            }
        }
        return out;
    }

    private static StackTraceElement[] webBase(int depth) {
        String[] layers = {
                "org.springframework.web.servlet.mvc.method.annotation.ServletInvocableHandlerMethod.invokeAndHandle",
                "org.springframework.web.servlet.DispatcherServlet.doDispatch",
                "org.springframework.web.servlet.FrameworkServlet.service",
                "org.springframework.security.web.FilterChainProxy$VirtualFilterChain.doFilter",
                "org.apache.catalina.core.ApplicationFilterChain.internalDoFilter",
                "org.apache.catalina.core.ApplicationFilterChain.doFilter",
                "org.apache.catalina.core.StandardWrapperValve.invoke",
                "org.apache.coyote.http11.Http11Processor.service",
                "org.apache.tomcat.util.net.NioEndpoint$SocketProcessor.doRun",
                "java.util.concurrent.ThreadPoolExecutor.runWorker"};
        StackTraceElement[] out = new StackTraceElement[depth];
        for (int i = 0; i < depth - 1; i++) {
            String f = layers[i % layers.length];
            int dot = f.lastIndexOf('.');
            out[i] = new StackTraceElement(f.substring(0, dot), f.substring(dot + 1), "Layer.java", 100 + i);
        }
        out[depth - 1] = new StackTraceElement("java.lang.Thread", "run", "Thread.java", 840);
        return out;
    }

    private static StackTraceElement[] frames(String... names) {
        StackTraceElement[] out = new StackTraceElement[names.length];
        for (int i = 0; i < names.length; i++) {
            int dot = names[i].lastIndexOf('.');
            out[i] = new StackTraceElement(names[i].substring(0, dot), names[i].substring(dot + 1), "X.java", 10 + i);
        }
        return out;
    }

    private static StackTraceElement[] concat(StackTraceElement[] top, StackTraceElement[] base) {
        StackTraceElement[] out = new StackTraceElement[top.length + base.length];
        System.arraycopy(top, 0, out, 0, top.length);
        System.arraycopy(base, 0, out, top.length, base.length);
        return out;
    }
}
