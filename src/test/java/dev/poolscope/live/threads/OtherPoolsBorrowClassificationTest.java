package dev.poolscope.live.threads;

import com.alibaba.druid.pool.DruidDataSource;
import com.mchange.v2.c3p0.ComboPooledDataSource;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import oracle.ucp.jdbc.PoolDataSource;
import oracle.ucp.jdbc.PoolDataSourceFactory;
import org.apache.commons.dbcp2.BasicDataSource;
import org.junit.jupiter.api.Test;
import org.vibur.dbcp.ViburDBCPDataSource;

import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A thread queued in each pool library's real borrow path is awaiting_connection, named after its
 * library: real pools of one connection over H2 in memory, exhausted, with a second borrower
 * waiting, classified from the ThreadInfo the JVM gives for it.
 */
class OtherPoolsBorrowClassificationTest {

    private static final String URL = "jdbc:h2:mem:borrow_classification;DB_CLOSE_DELAY=-1";

    private final ThreadClassifier classifier = new ThreadClassifier();

    @Test
    void dbcp2() throws Exception {
        try (BasicDataSource ds = new BasicDataSource()) {
            ds.setUrl(URL);
            ds.setMaxTotal(1);
            ds.setMaxWait(Duration.ofSeconds(30));
            assertWaiterIsAwaitingConnection(ds, "DBCP");
        }
    }

    @Test
    void tomcatJdbc() throws Exception {
        org.apache.tomcat.jdbc.pool.DataSource ds = new org.apache.tomcat.jdbc.pool.DataSource();
        ds.setUrl(URL);
        ds.setDriverClassName("org.h2.Driver");
        ds.setMaxActive(1);
        ds.setMaxIdle(1);
        ds.setInitialSize(1);
        ds.setMaxWait(30_000);
        try {
            assertWaiterIsAwaitingConnection(ds, "tomcat-jdbc");
        } finally {
            ds.close(true);
        }
    }

    @Test
    void c3p0() throws Exception {
        ComboPooledDataSource ds = new ComboPooledDataSource();
        ds.setJdbcUrl(URL);
        ds.setMinPoolSize(1);
        ds.setInitialPoolSize(1);
        ds.setMaxPoolSize(1);
        ds.setCheckoutTimeout(30_000);
        try {
            assertWaiterIsAwaitingConnection(ds, "c3p0");
        } finally {
            ds.close();
        }
    }

    @Test
    void agroal() throws Exception {
        try (AgroalDataSource ds = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool.maxSize(1).acquisitionTimeout(Duration.ofSeconds(30))
                        .connectionFactoryConfiguration(factory -> factory.jdbcUrl(URL))))) {
            assertWaiterIsAwaitingConnection(ds, "Agroal");
        }
    }

    @Test
    void vibur() throws Exception {
        ViburDBCPDataSource ds = new ViburDBCPDataSource();
        ds.setJdbcUrl("jdbc:h2:mem:vibur_classification"); // its own database: H2 binds a database to its first user
        ds.setUsername("sa");
        ds.setPassword("");
        ds.setPoolInitialSize(1);
        ds.setPoolMaxSize(1);
        ds.setConnectionTimeoutInMs(30_000);
        ds.start();
        try {
            assertWaiterIsAwaitingConnection(ds, "Vibur");
        } finally {
            ds.terminate();
        }
    }

    @Test
    void druid() throws Exception {
        try (DruidDataSource ds = new DruidDataSource()) {
            ds.setUrl(URL);
            ds.setInitialSize(1);
            ds.setMaxActive(1);
            ds.setMaxWait(30_000);
            ds.init();
            assertWaiterIsAwaitingConnection(ds, "Druid");
        }
    }

    @Test
    void oracleUcp() throws Exception {
        PoolDataSource ds = PoolDataSourceFactory.getPoolDataSource();
        ds.setConnectionFactoryClassName("org.h2.Driver");
        ds.setURL(URL);
        ds.setConnectionPoolName("classification-" + System.nanoTime());
        ds.setInitialPoolSize(1);
        ds.setMaxPoolSize(1);
        ds.setConnectionWaitDuration(Duration.ofSeconds(30));
        assertWaiterIsAwaitingConnection(ds, "UCP");
    }

    private void assertWaiterIsAwaitingConnection(DataSource ds, String library) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (Connection held = ds.getConnection()) {
            Thread waiter = new Thread(() -> {
                try (Connection c = ds.getConnection()) {
                    c.isValid(1);
                } catch (SQLException e) {
                    failure.set(e);
                }
            }, "borrower-" + library);
            waiter.setDaemon(true);
            waiter.start();

            AtomicReference<ThreadInfo> parked = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                ThreadInfo info = ManagementFactory.getThreadMXBean().getThreadInfo(waiter.getId(), Integer.MAX_VALUE);
                parked.set(info);
                return info != null && info.getThreadState() != Thread.State.RUNNABLE
                        && info.getThreadState() != Thread.State.NEW;
            });
            ThreadInfo info = parked.get();
            Classification c = classifier.classify(info);

            assertThat(c.category()).as(stackOf(info)).isEqualTo(ThreadCategory.AWAITING_CONNECTION);
            assertThat(c.detail()).as(stackOf(info)).startsWith(library + " ");

            held.close();
            waiter.join(10_000);
        }
        assertThat(failure.get()).isNull();
    }

    private static String stackOf(ThreadInfo info) {
        return info.getThreadState() + "\n" + Arrays.stream(info.getStackTrace()).map(f -> "  at " + f)
                .collect(Collectors.joining("\n"));
    }
}
