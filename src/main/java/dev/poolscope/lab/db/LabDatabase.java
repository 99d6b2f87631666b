package dev.poolscope.lab.db;

import dev.poolscope.secrets.Secrets;
import dev.poolscope.demo.EmbeddedDatabase;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;

/**
 * The database of one lab run, checked and ready: the embedded one (started here, stopped on
 * close) or the user's, after {@link #open} has turned every way it can be unusable into one clear
 * message. Holds the password in memory only, for the pools and the admin connection.
 */
public final class LabDatabase implements AutoCloseable {

    private static final int REACH_TIMEOUT_MILLIS = 3_000;

    private final PgUrl url;
    private final String user;
    private final char[] password;
    private final String description;
    private final String serverVersion;
    private final boolean mayTerminateBackends;
    private final EmbeddedDatabase embedded;

    private LabDatabase(PgUrl url, String user, char[] password, String description, String serverVersion,
                        boolean mayTerminateBackends, EmbeddedDatabase embedded) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.description = description;
        this.serverVersion = serverVersion;
        this.mayTerminateBackends = mayTerminateBackends;
        this.embedded = embedded;
    }

    /** Starts the embedded database or checks the user's; throws with a user-facing message. */
    public static LabDatabase open(DatabaseSpec spec) throws LabInputException {
        if (spec.isEmbedded()) {
            EmbeddedDatabase db = EmbeddedDatabase.start();
            try {
                PgUrl url = PgUrl.parse(db.jdbcUrl() + "?sslmode=disable");
                LabDatabase lab = new LabDatabase(url, EmbeddedDatabase.USER, null,
                        "embedded PostgreSQL on 127.0.0.1:" + db.port(), null, true, db);
                return lab.withServerCheck();
            } catch (LabInputException | RuntimeException e) {
                db.close();
                throw e;
            }
        }
        if (spec.user() == null || spec.user().isBlank()) {
            throw new LabInputException("A user is needed for " + Secrets.mask(spec.jdbcUrl()) + " (--user).");
        }
        PgUrl url = PgUrl.parse(spec.jdbcUrl());
        checkReachable(url);
        LabDatabase lab = new LabDatabase(url, spec.user(), spec.password(),
                Secrets.mask(url.direct()) + " as " + spec.user(), null, false, null);
        return lab.withServerCheck();
    }

    private static void checkReachable(PgUrl url) throws LabInputException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(url.host(), url.port()), REACH_TIMEOUT_MILLIS);
        } catch (java.net.UnknownHostException e) {
            throw new LabInputException("Unknown host '" + url.host() + "': the name does not resolve.");
        } catch (java.io.IOException e) {
            throw new LabInputException("Cannot reach " + url.host() + ":" + url.port() + " within "
                    + REACH_TIMEOUT_MILLIS / 1000 + " s (" + Secrets.mask(e.getMessage()) + "). Is the database running and the port open?");
        }
    }

    private LabDatabase withServerCheck() throws LabInputException {
        try (Connection c = adminConnection(); Statement st = c.createStatement()) {
            String version;
            try (ResultSet rs = st.executeQuery("SELECT version()")) {
                rs.next();
                version = rs.getString(1);
            }
            if (version == null || !version.startsWith("PostgreSQL")) {
                throw new LabInputException("The server at " + url.host() + ":" + url.port()
                        + " is not PostgreSQL (it says: " + version + "). The lab needs PostgreSQL.");
            }
            boolean terminate;
            try (ResultSet rs = st.executeQuery(
                    "SELECT coalesce(bool_or(has_function_privilege(p.oid, 'EXECUTE')), false) "
                            + "FROM pg_proc p WHERE p.proname = 'pg_terminate_backend'")) {
                rs.next();
                terminate = rs.getBoolean(1);
            }
            return new LabDatabase(url, user, password, description, version, terminate, embedded);
        } catch (SQLException e) {
            throw new LabInputException(explain(e));
        }
    }

    private String explain(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String where = url.host() + ":" + url.port();
        if (state.equals("28P01")) {
            return "Wrong password for user '" + user + "' at " + where + ".";
        }
        if (state.startsWith("28")) {
            return "The server at " + where + " refused user '" + user + "': " + firstLine(e.getMessage());
        }
        if (state.equals("3D000")) {
            return "Database '" + url.database() + "' does not exist at " + where + ".";
        }
        if (state.startsWith("08")) {
            String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
            if (m.contains("timed out") || m.contains("refused")) {
                return "Cannot connect to " + where + ": " + firstLine(e.getMessage());
            }
            return where + " accepts connections but does not answer as PostgreSQL: " + firstLine(e.getMessage());
        }
        return "The database check failed at " + where + ": " + firstLine(e.getMessage());
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        // Driver messages may echo the URL, user:pw@host included.
        return Secrets.mask(nl < 0 ? s : s.substring(0, nl));
    }

    /** A direct connection (not through a middlebox), for terminating backends and checks. */
    public Connection adminConnection() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", new String(password));
        }
        p.setProperty("connectTimeout", "5");
        p.setProperty("loginTimeout", "10");
        p.setProperty("socketTimeout", "15");
        p.setProperty("ApplicationName", "poolscope-lab-admin");
        return DriverManager.getConnection(url.direct(), p);
    }

    public PgUrl url() {
        return url;
    }

    public String user() {
        return user;
    }

    /** For the pools of this run; never logged. */
    public char[] password() {
        return password;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(url.host(), url.port());
    }

    public String description() {
        return description;
    }

    public String serverVersion() {
        return serverVersion;
    }

    public boolean mayTerminateBackends() {
        return mayTerminateBackends;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
