package dev.poolscope.live.threads;

/** Synthetic stacks as real JDK 17 / JDK 8 threads show them, for pure classifier tests. */
final class Frames {

    private Frames() {
    }

    static StackTraceElement f(String classAndMethod) {
        int dot = classAndMethod.lastIndexOf('.');
        return new StackTraceElement(classAndMethod.substring(0, dot), classAndMethod.substring(dot + 1), "X.java", 1);
    }

    static StackTraceElement[] stack(String... frames) {
        StackTraceElement[] out = new StackTraceElement[frames.length];
        for (int i = 0; i < frames.length; i++) {
            out[i] = f(frames[i]);
        }
        return out;
    }

    /** pgjdbc reading a result on JDK 17 (NioSocketImpl, JEP 353). */
    static final String[] PG_READ_JDK17 = {
            "sun.nio.ch.Net.poll",
            "sun.nio.ch.NioSocketImpl.park",
            "sun.nio.ch.NioSocketImpl.timedRead",
            "sun.nio.ch.NioSocketImpl.implRead",
            "sun.nio.ch.NioSocketImpl.read",
            "sun.nio.ch.NioSocketImpl$1.read",
            "java.net.Socket$SocketInputStream.read",
            "org.postgresql.core.VisibleBufferedInputStream.readMore",
            "org.postgresql.core.VisibleBufferedInputStream.ensureBytes",
            "org.postgresql.core.VisibleBufferedInputStream.read",
            "org.postgresql.core.PGStream.receiveChar",
            "org.postgresql.core.v3.QueryExecutorImpl.processResults",
            "org.postgresql.core.v3.QueryExecutorImpl.execute",
            "org.postgresql.jdbc.PgStatement.executeInternal",
            "org.postgresql.jdbc.PgStatement.executeQuery",
            "com.zaxxer.hikari.pool.ProxyStatement.executeQuery",
            "com.example.orders.OrderRepository.findOpen",
            "java.lang.Thread.run"};

    /** pgjdbc reading on JDK 8 (SocketInputStream.socketRead0). */
    static final String[] PG_READ_JDK8 = {
            "java.net.SocketInputStream.socketRead0",
            "java.net.SocketInputStream.socketRead",
            "java.net.SocketInputStream.read",
            "java.net.SocketInputStream.read",
            "org.postgresql.core.VisibleBufferedInputStream.readMore",
            "org.postgresql.core.PGStream.receiveChar",
            "org.postgresql.core.v3.QueryExecutorImpl.processResults",
            "com.example.orders.OrderRepository.findOpen"};

    /** A request thread queued in HikariCP's getConnection. */
    static final String[] HIKARI_WAIT = {
            "jdk.internal.misc.Unsafe.park",
            "java.util.concurrent.locks.LockSupport.parkNanos",
            "java.util.concurrent.SynchronousQueue$TransferStack.transfer",
            "java.util.concurrent.SynchronousQueue.poll",
            "com.zaxxer.hikari.util.ConcurrentBag.borrow",
            "com.zaxxer.hikari.pool.HikariPool.getConnection",
            "com.zaxxer.hikari.pool.HikariPool.getConnection",
            "com.zaxxer.hikari.HikariDataSource.getConnection",
            "com.example.orders.OrderService.place",
            "java.lang.Thread.run"};
}
