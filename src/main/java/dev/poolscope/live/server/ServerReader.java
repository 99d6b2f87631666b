package dev.poolscope.live.server;

import dev.poolscope.live.ConnectionRow;
import dev.poolscope.live.PoolSnapshot;
import dev.poolscope.live.diagnosis.ServerTruth;
import dev.poolscope.live.diagnosis.ServerView;
import dev.poolscope.secrets.Secrets;

import java.sql.Array;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Asks PostgreSQL what each pool connection's backend is doing: one read-only query of
 * pg_stat_activity with pg_blocking_pids(), in a read-only session, bounded by the server's
 * statement_timeout and the driver's connect and socket timeouts, so it cannot hang its caller.
 * Blocking I/O: call it off the FX thread. The password goes to the driver only; nothing here logs.
 */
public final class ServerReader {

    static final String QUERY = "SELECT a.pid, a.state, a.wait_event_type, a.wait_event,"
            + " (extract(epoch FROM a.query_start) * 1000)::bigint,"
            + " (extract(epoch FROM a.xact_start) * 1000)::bigint,"
            + " (extract(epoch FROM a.state_change) * 1000)::bigint,"
            + " left(a.query, 2000), pg_blocking_pids(a.pid), a.application_name,"
            + " host(a.client_addr), (extract(epoch FROM clock_timestamp()) * 1000)::bigint"
            + " FROM pg_stat_activity a WHERE a.backend_type = 'client backend' AND a.pid <> pg_backend_pid()";

    private final DbCredentials credentials;
    private final Duration deadline;

    public ServerReader(DbCredentials credentials, Duration deadline) {
        this.credentials = credentials;
        this.deadline = deadline;
    }

    /** The server's view for these pools; a failure becomes a "not asked" reason in words. */
    public ServerTruth read(List<PoolSnapshot> pools) {
        String url = credentials.urlOverride() != null ? credentials.urlOverride() : urlOf(pools);
        if (url == null) {
            return ServerTruth.notAsked("server view not asked: no PostgreSQL jdbcUrl in the pool's configuration;"
                    + " give --db-url");
        }
        if (!url.startsWith("jdbc:postgresql:")) {
            return ServerTruth.notAsked("server view not asked: only PostgreSQL servers can be asked, and "
                    + Secrets.mask(url) + " is not a jdbc:postgresql: URL");
        }
        try {
            return query(url, ownedPids(pools));
        } catch (SQLException e) {
            return ServerTruth.notAsked(failure(url, e));
        }
    }

    /**
     * The driver's words for a failed ask, masked: a --db-url may carry a password, and a driver may
     * echo its connection properties.
     */
    String failure(String url, SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
        String text = Secrets.mask("server view not read: connect failed at " + url + ": " + message);
        // The masker knows k=v and URL forms only; a driver quoting the bare password is caught here.
        char[] pw = credentials.password();
        if (pw != null && pw.length > 0) {
            text = text.replace(new String(pw), Secrets.MASK);
        }
        return text;
    }

    /**
     * Host, port and database of the first PostgreSQL pool, the server asked when no URL is given;
     * its parameters are left out (they are the app's). Null when no pool has a PostgreSQL URL.
     */
    public static String urlOf(List<PoolSnapshot> pools) {
        for (PoolSnapshot p : pools) {
            String u = p.config() == null ? null : p.config().jdbcUrl();
            if (u != null && u.startsWith("jdbc:postgresql:")) {
                int q = u.indexOf('?');
                return q < 0 ? u : u.substring(0, q);
            }
        }
        return null;
    }

    private ServerTruth query(String url, Set<Integer> owned) throws SQLException {
        long seconds = Math.max(1, deadline.toSeconds());
        Properties props = new Properties();
        props.setProperty("user", credentials.user());
        if (credentials.password() != null) {
            props.setProperty("password", new String(credentials.password()));
        }
        props.setProperty("ApplicationName", "poolscope");
        props.setProperty("connectTimeout", String.valueOf(seconds));
        props.setProperty("loginTimeout", String.valueOf(seconds));
        props.setProperty("socketTimeout", String.valueOf(seconds + 1));
        props.setProperty("readOnly", "true");
        props.setProperty("options", "-c statement_timeout=" + deadline.toMillis());
        Driver driver = new org.postgresql.Driver();
        try (Connection c = driver.connect(url, props); Statement s = c.createStatement()) {
            s.setQueryTimeout((int) seconds);
            Map<Integer, Row> rows = new LinkedHashMap<>();
            try (ResultSet rs = s.executeQuery(QUERY)) {
                while (rs.next()) {
                    Row r = new Row(rs);
                    rows.put(r.pid, r);
                }
            }
            return truth(rows, owned);
        }
    }

    static ServerTruth truth(Map<Integer, Row> rows, Set<Integer> owned) {
        Map<Integer, ServerView> byPid = new HashMap<>();
        Set<String> clients = new HashSet<>();
        for (Row r : rows.values()) {
            List<ServerView.Blocker> blockers = new ArrayList<>();
            for (Integer b : r.blockedBy) {
                Row br = rows.get(b);
                if (br != null) {
                    Long since = br.stateChange == null ? null : Math.max(0, r.now - br.stateChange);
                    blockers.add(new ServerView.Blocker(b, br.state, br.application, br.query, since));
                }
            }
            byPid.put(r.pid, new ServerView(r.state, r.waitEventType, r.waitEvent, r.queryStart, r.xactStart, r.query,
                    r.blockedBy, blockers));
            if (owned.contains(r.pid)) {
                clients.add(r.application + "@" + r.clientAddress);
            }
        }
        // Orphans: backends of the same application and client address that no pool connection owns.
        List<ServerTruth.Orphan> orphans = new ArrayList<>();
        for (Row r : rows.values()) {
            if (!owned.contains(r.pid) && clients.contains(r.application + "@" + r.clientAddress)) {
                orphans.add(new ServerTruth.Orphan(r.pid, r.application, r.clientAddress, r.state, r.query));
            }
        }
        return new ServerTruth(null, byPid, orphans);
    }

    private static Set<Integer> ownedPids(List<PoolSnapshot> pools) {
        Set<Integer> owned = new HashSet<>();
        for (PoolSnapshot p : pools) {
            for (ConnectionRow c : p.connections()) {
                if (c.backendPid() != null) {
                    owned.add(c.backendPid());
                }
            }
        }
        return owned;
    }

    /** One pg_stat_activity row. */
    static final class Row {
        final int pid;
        final String state;
        final String waitEventType;
        final String waitEvent;
        final Long queryStart;
        final Long xactStart;
        final Long stateChange;
        final String query;
        final List<Integer> blockedBy = new ArrayList<>();
        final String application;
        final String clientAddress;
        final long now;

        Row(ResultSet rs) throws SQLException {
            pid = rs.getInt(1);
            state = rs.getString(2);
            waitEventType = rs.getString(3);
            waitEvent = rs.getString(4);
            queryStart = longOrNull(rs, 5);
            xactStart = longOrNull(rs, 6);
            stateChange = longOrNull(rs, 7);
            query = rs.getString(8);
            Array a = rs.getArray(9);
            if (a != null) {
                for (Object o : (Object[]) a.getArray()) {
                    blockedBy.add(((Number) o).intValue());
                }
            }
            application = rs.getString(10);
            clientAddress = rs.getString(11);
            now = rs.getLong(12);
        }

        private static Long longOrNull(ResultSet rs, int i) throws SQLException {
            long v = rs.getLong(i);
            return rs.wasNull() ? null : v;
        }
    }
}
