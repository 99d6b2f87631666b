package dev.poolscope.doctor.path;

import dev.poolscope.secrets.Secrets;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * pgjdbc connections for the finder: tcpKeepAlive=false so only the path's idle timer acts, and a
 * socketTimeout as a backstop behind the finder's own per-check network timeout, so no read can
 * wait forever even if a deadline is missed.
 */
public final class PgPathConnector implements PathConnector {

    private final String url;
    private final String user;
    private final char[] password;
    private final int backstopSeconds;

    public PgPathConnector(String url, String user, char[] password, long checkDeadlineMillis) {
        this.url = url;
        this.user = user;
        this.password = password == null ? null : password.clone();
        this.backstopSeconds = (int) (checkDeadlineMillis / 1000) + 5;
    }

    @Override
    public Connection open() throws SQLException {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", new String(password));
        }
        p.setProperty("tcpKeepAlive", "false");
        p.setProperty("socketTimeout", String.valueOf(backstopSeconds));
        p.setProperty("connectTimeout", "10");
        p.setProperty("loginTimeout", "10");
        p.setProperty("ApplicationName", "poolscope-path-timeout");
        return DriverManager.getConnection(url, p);
    }

    @Override
    public String describe() {
        return Secrets.mask(url);
    }
}
