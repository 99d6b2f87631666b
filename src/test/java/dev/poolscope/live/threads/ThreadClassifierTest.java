package dev.poolscope.live.threads;

import org.junit.jupiter.api.Test;

import static dev.poolscope.live.threads.Frames.stack;
import static org.assertj.core.api.Assertions.assertThat;

class ThreadClassifierTest {

    private final ThreadClassifier classifier = new ThreadClassifier();

    private Classification classify(Thread.State state, String... frames) {
        return classifier.classify("worker-1", state, stack(frames), null, -1, null);
    }

    @Test
    void pgjdbcReadOnJdk17IsSocketIo() {
        Classification c = classify(Thread.State.RUNNABLE, Frames.PG_READ_JDK17);
        assertThat(c.category()).isEqualTo(ThreadCategory.SOCKET_IO);
        assertThat(c.detail()).isEqualTo("socket read under org.postgresql");
    }

    @Test
    void pgjdbcReadOnJdk8IsSocketIo() {
        assertThat(classify(Thread.State.RUNNABLE, Frames.PG_READ_JDK8).category()).isEqualTo(ThreadCategory.SOCKET_IO);
    }

    @Test
    void otherDriversCountAsDatabaseSockets() {
        for (String driverFrame : new String[]{"com.mysql.cj.protocol.ReadAheadInputStream.fill",
                "oracle.net.ns.Packet.receive", "com.microsoft.sqlserver.jdbc.TDSChannel.read",
                "org.mariadb.jdbc.client.socket.impl.PacketReader.readPacket"}) {
            Classification c = classify(Thread.State.RUNNABLE, "java.net.SocketInputStream.socketRead0", driverFrame,
                    "com.example.App.query");
            assertThat(c.category()).as(driverFrame).isEqualTo(ThreadCategory.SOCKET_IO);
        }
    }

    @Test
    void socketWriteIsReportedAsWrite() {
        Classification c = classify(Thread.State.RUNNABLE, "java.net.SocketOutputStream.socketWrite0",
                "java.net.SocketOutputStream.socketWrite", "java.net.SocketOutputStream.write",
                "org.postgresql.core.PGStream.flush", "com.example.App.save");
        assertThat(c.category()).isEqualTo(ThreadCategory.SOCKET_IO);
        assertThat(c.detail()).startsWith("socket write");
    }

    @Test
    void socketReadWithoutDriverFrameIsNotADatabaseProblem() {
        Classification c = classify(Thread.State.RUNNABLE, "sun.nio.ch.Net.poll", "sun.nio.ch.NioSocketImpl.park",
                "sun.nio.ch.NioSocketImpl.read", "java.net.Socket$SocketInputStream.read",
                "org.apache.http.impl.io.SessionInputBufferImpl.fillBuffer", "com.example.Client.call");
        assertThat(c.category()).isEqualTo(ThreadCategory.OTHER);
        assertThat(c.detail()).isEqualTo("socket read (not under a JDBC driver)");
    }

    @Test
    void socketFrameBelowApplicationCodeIsNotWhereTheThreadIs() {
        // The thread is running its own code; a socket frame further down is not where it waits.
        Classification c = classify(Thread.State.RUNNABLE, "com.example.Parser.parse",
                "java.net.SocketInputStream.read", "org.postgresql.core.PGStream.receiveChar");
        assertThat(c.category()).isEqualTo(ThreadCategory.OTHER);
    }

    @Test
    void hikariGetConnectionIsAwaitingConnectionAndNamesTheCaller() {
        Classification c = classify(Thread.State.TIMED_WAITING, Frames.HIKARI_WAIT);
        assertThat(c.category()).isEqualTo(ThreadCategory.AWAITING_CONNECTION);
        assertThat(c.detail()).isEqualTo("HikariCP borrow");
        assertThat(c.signature()).endsWith("com.example.orders.OrderService.place");
        assertThat(c.pool()).isNull(); // HikariCP's borrow frames do not carry the pool name
    }

    @Test
    void validationOnBorrowHungOnTheSocketIsSocketIo() {
        Classification c = classify(Thread.State.RUNNABLE, "sun.nio.ch.Net.poll", "sun.nio.ch.NioSocketImpl.park",
                "sun.nio.ch.NioSocketImpl.read", "org.postgresql.core.PGStream.receiveChar",
                "org.postgresql.jdbc.PgConnection.isValid", "com.zaxxer.hikari.pool.PoolBase.isConnectionDead",
                "com.zaxxer.hikari.pool.HikariPool.getConnection", "com.example.App.run");
        assertThat(c.category()).isEqualTo(ThreadCategory.SOCKET_IO);
    }

    @Test
    void otherPoolsBorrowFramesAreRecognised() {
        for (String borrow : new String[]{"org.apache.commons.dbcp2.PoolingDataSource.getConnection",
                "org.apache.tomcat.jdbc.pool.ConnectionPool.borrowConnection",
                "com.mchange.v2.resourcepool.BasicResourcePool.awaitAvailable",
                "io.agroal.pool.ConnectionPool.getConnection"}) {
            Classification c = classify(Thread.State.WAITING, "jdk.internal.misc.Unsafe.park",
                    "java.util.concurrent.locks.LockSupport.park", borrow, "com.example.App.run");
            assertThat(c.category()).as(borrow).isEqualTo(ThreadCategory.AWAITING_CONNECTION);
        }
    }

    @Test
    void blockedOnMonitorRecordsLockAndOwner() {
        Classification c = classifier.classify("worker-2", Thread.State.BLOCKED, stack("com.example.Cache.get"),
                "java.lang.Object@1b2c3d", 42, "worker-1");
        assertThat(c.category()).isEqualTo(ThreadCategory.BLOCKED);
        assertThat(c.lockInfo()).isEqualTo("java.lang.Object@1b2c3d");
        assertThat(c.lockOwner()).isEqualTo("worker-1 (#42)");
        assertThat(c.lockOwnerId()).isEqualTo(42);
    }

    @Test
    void waitingOnOwnedJucLockIsBlockedButObjectWaitWithoutOwnerIsOther() {
        Classification lock = classifier.classify("w", Thread.State.WAITING,
                stack("jdk.internal.misc.Unsafe.park", "java.util.concurrent.locks.ReentrantLock.lock", "com.example.A.b"),
                "java.util.concurrent.locks.ReentrantLock$NonfairSync@77", 7, "holder");
        Classification idle = classifier.classify("w", Thread.State.WAITING,
                stack("java.lang.Object.wait", "com.example.Queue.take"), "java.lang.Object@88", -1, null);
        assertThat(lock.category()).isEqualTo(ThreadCategory.BLOCKED);
        assertThat(idle.category()).isEqualTo(ThreadCategory.OTHER);
    }

    @Test
    void hikariOwnThreadsCarryThePoolNameInTheirThreadName() {
        assertThat(ThreadClassifier.hikariPoolOfThread("orders-db housekeeper")).isEqualTo("orders-db");
        assertThat(ThreadClassifier.hikariPoolOfThread("orders-db:connection-adder")).isEqualTo("orders-db");
        assertThat(ThreadClassifier.hikariPoolOfThread("HikariPool-1 connection closer")).isEqualTo("HikariPool-1");
        assertThat(ThreadClassifier.hikariPoolOfThread("http-nio-8080-exec-1")).isNull();
        Classification adder = classifier.classify("orders-db:connection-adder", Thread.State.RUNNABLE,
                stack(Frames.PG_READ_JDK17), null, -1, null);
        assertThat(adder.pool()).isEqualTo("orders-db");
    }

    @Test
    void sameStuckPlaceGivesSameSignatureAndAnotherPlaceDoesNot() {
        Classification a = classify(Thread.State.RUNNABLE, Frames.PG_READ_JDK17);
        Classification b = classify(Thread.State.RUNNABLE, Frames.PG_READ_JDK17);
        Classification c = classify(Thread.State.TIMED_WAITING, Frames.HIKARI_WAIT);
        assertThat(a.signature()).isEqualTo(b.signature()).isNotEqualTo(c.signature());
    }

    @Test
    void deeperStackIsNeededOnlyWhenTheDriverFrameWasCutOff() {
        assertThat(classifier.mayNeedDeeperStack(stack("java.net.SocketInputStream.socketRead0",
                "java.net.SocketInputStream.read"))).isTrue();
        assertThat(classifier.mayNeedDeeperStack(stack(Frames.PG_READ_JDK8))).isFalse();
        assertThat(classifier.mayNeedDeeperStack(stack(Frames.HIKARI_WAIT))).isFalse();
    }
}
