package dev.poolscope.probe;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * A target service whose pools carry secrets in every JDBC URL form the masking rules cover, and in
 * their data-source properties. Each pool is real HikariCP with real connections to the embedded
 * PostgreSQL: {@link AnyUrlDriver} accepts the foreign URL forms (MySQL, Oracle, Snowflake, Athena)
 * the way their own drivers would, and opens the connection to PostgreSQL. Named ProbeWorkload* so
 * TargetJvm copies it with the workload.
 * <pre>
 * args: realJdbcUrl poolName=jdbcUrl... [-- program args shown by `list`]
 * out:  PID n | READY | BORROWED
 * in:   BORROWALL | EXIT
 * </pre>
 */
public final class ProbeWorkloadSecrets {

    static volatile String realUrl;

    public static void main(String[] args) throws Exception {
        ProbeWorkload.say("PID " + ProcessHandle.current().pid());
        realUrl = args[0];
        List<HikariDataSource> pools = new ArrayList<>();
        for (int i = 1; i < args.length && !args[i].equals("--"); i++) {
            int eq = args[i].indexOf('=');
            HikariConfig config = new HikariConfig();
            config.setPoolName(args[i].substring(0, eq));
            config.setJdbcUrl(args[i].substring(eq + 1));
            config.setDriverClassName(AnyUrlDriver.class.getName());
            config.setUsername("postgres");
            config.setPassword("S11-config-password");
            config.addDataSourceProperty("password", "S7-ds-password");
            config.addDataSourceProperty("sslpassword", "S8-ssl-password");
            config.addDataSourceProperty("private_key_file_pwd", "S9-ds-keyfile-pwd");
            config.addDataSourceProperty("SecretAccessKey", "S10-ds-aws-secret");
            config.setMaximumPoolSize(2);
            config.setMinimumIdle(1);
            config.setConnectionTimeout(5000);
            pools.add(new HikariDataSource(config));
        }
        ProbeWorkload.say("READY");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.trim().equals("BORROWALL")) {
                for (HikariDataSource ds : pools) {
                    try (Connection c = ds.getConnection()) {
                        c.isValid(2);
                    }
                }
                ProbeWorkload.say("BORROWED");
            } else if (line.trim().equals("EXIT")) {
                System.exit(0);
            }
        }
        System.exit(0);
    }

    /** Accepts any JDBC URL, as the named vendor's driver would its own; connects to the embedded PostgreSQL. */
    public static final class AnyUrlDriver implements Driver {
        private final Driver postgres = new org.postgresql.Driver();

        @Override
        public Connection connect(String url, Properties info) throws SQLException {
            Properties p = new Properties();
            p.setProperty("user", "postgres");
            return postgres.connect(realUrl, p);
        }

        @Override
        public boolean acceptsURL(String url) {
            return url != null && url.startsWith("jdbc:");
        }

        @Override
        public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
            return new DriverPropertyInfo[0];
        }

        @Override
        public int getMajorVersion() {
            return 1;
        }

        @Override
        public int getMinorVersion() {
            return 0;
        }

        @Override
        public boolean jdbcCompliant() {
            return false;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }
    }
}
