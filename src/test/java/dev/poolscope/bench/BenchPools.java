package dev.poolscope.bench;

import javax.sql.DataSource;
import java.sql.SQLException;

/**
 * The pools of {@link OtherPoolsBorrowBench}: {@code size} connections to one URL (H2 in memory),
 * no validation on borrow (DBCP2's testOnBorrow default true is turned off, so every library does the
 * same work), otherwise each library's defaults. One nested class per library, so a fork loads only
 * the library it measures (and loads it after the probe is attached).
 */
final class BenchPools {

    private BenchPools() {
    }

    static DataSource create(String library, String url, int size) throws SQLException {
        return switch (library) {
            case "DBCP2" -> Dbcp2.create(url, size);
            case "TomcatJDBC" -> Tomcat.create(url, size);
            case "c3p0" -> C3p0.create(url, size);
            case "Agroal" -> Agroal.create(url, size);
            case "Vibur" -> Vibur.create(url, size);
            case "Druid" -> Druid.create(url, size);
            case "UCP" -> Ucp.create(url, size);
            default -> throw new IllegalArgumentException(library);
        };
    }

    /** The pool's own close(), where it has one (UCP's data source has none: the fork's exit ends it). */
    static AutoCloseable closer(DataSource ds) {
        return () -> {
            try {
                ds.getClass().getMethod("close").invoke(ds);
            } catch (NoSuchMethodException e) {
                // UCP: nothing to close on the data source
            }
        };
    }

    static final class Dbcp2 {
        static DataSource create(String url, int size) {
            org.apache.commons.dbcp2.BasicDataSource ds = new org.apache.commons.dbcp2.BasicDataSource();
            ds.setUrl(url);
            ds.setMaxTotal(size);
            ds.setMaxIdle(size);
            ds.setTestOnBorrow(false);
            return ds;
        }
    }

    static final class Tomcat {
        static DataSource create(String url, int size) {
            org.apache.tomcat.jdbc.pool.PoolProperties p = new org.apache.tomcat.jdbc.pool.PoolProperties();
            p.setUrl(url);
            p.setDriverClassName("org.h2.Driver");
            p.setName("bench");
            p.setMaxActive(size);
            p.setMaxIdle(size);
            p.setMinIdle(size);
            p.setInitialSize(size);
            return new org.apache.tomcat.jdbc.pool.DataSource(p);
        }
    }

    static final class C3p0 {
        static DataSource create(String url, int size) {
            com.mchange.v2.c3p0.ComboPooledDataSource ds = new com.mchange.v2.c3p0.ComboPooledDataSource();
            ds.setJdbcUrl(url);
            ds.setMinPoolSize(size);
            ds.setInitialPoolSize(size);
            ds.setMaxPoolSize(size);
            return ds;
        }
    }

    static final class Agroal {
        static DataSource create(String url, int size) throws SQLException {
            return io.agroal.api.AgroalDataSource.from(new io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier()
                    .connectionPoolConfiguration(pool -> pool.maxSize(size).minSize(0).initialSize(0)
                            .connectionFactoryConfiguration(cf -> cf.jdbcUrl(url))));
        }
    }

    static final class Vibur {
        static DataSource create(String url, int size) {
            org.vibur.dbcp.ViburDBCPDataSource ds = new org.vibur.dbcp.ViburDBCPDataSource();
            ds.setJdbcUrl(url);
            ds.setName("bench");
            ds.setUsername("sa");
            ds.setPassword("");
            ds.setPoolInitialSize(size);
            ds.setPoolMaxSize(size);
            ds.start();
            return ds;
        }
    }

    static final class Druid {
        static DataSource create(String url, int size) {
            com.alibaba.druid.pool.DruidDataSource ds = new com.alibaba.druid.pool.DruidDataSource();
            ds.setUrl(url);
            ds.setName("bench");
            ds.setInitialSize(size);
            ds.setMaxActive(size);
            return ds;
        }
    }

    static final class Ucp {
        static DataSource create(String url, int size) throws SQLException {
            oracle.ucp.jdbc.PoolDataSource ds = oracle.ucp.jdbc.PoolDataSourceFactory.getPoolDataSource();
            ds.setConnectionFactoryClassName("org.h2.Driver");
            ds.setURL(url);
            ds.setUser("sa");
            ds.setPassword("");
            ds.setConnectionPoolName("bench");
            ds.setInitialPoolSize(size);
            ds.setMinPoolSize(size);
            ds.setMaxPoolSize(size);
            return ds;
        }
    }
}
