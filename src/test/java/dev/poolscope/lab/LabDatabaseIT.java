package dev.poolscope.lab;

import dev.poolscope.demo.EmbeddedDatabase;
import dev.poolscope.lab.db.DatabaseSpec;
import dev.poolscope.lab.db.LabDatabase;
import dev.poolscope.lab.db.LabInputException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The checks that run before a lab run, against real servers and real closed ports. */
class LabDatabaseIT {

    private static EmbeddedDatabase db;

    @BeforeAll
    static void start() throws Exception {
        db = EmbeddedDatabase.start();
        try (Connection c = java.sql.DriverManager.getConnection(db.jdbcUrl(), EmbeddedDatabase.USER, "");
             Statement st = c.createStatement()) {
            st.execute("CREATE ROLE lab_no_signal LOGIN");
            // PUBLIC may call pg_terminate_backend by default; take that away so this role may not.
            st.execute("REVOKE EXECUTE ON FUNCTION pg_terminate_backend(integer, bigint) FROM PUBLIC");
            // The embedded server trusts loopback; demand a password from one role to test a wrong one.
            st.execute("CREATE ROLE lab_pw LOGIN PASSWORD 'right-one'");
            String hba;
            try (var rs = st.executeQuery("SHOW hba_file")) {
                rs.next();
                hba = rs.getString(1);
            }
            java.nio.file.Path file = java.nio.file.Path.of(hba);
            java.nio.file.Files.writeString(file, "host all lab_pw 127.0.0.1/32 scram-sha-256\n"
                    + java.nio.file.Files.readString(file));
            st.execute("SELECT pg_reload_conf()");
        }
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void aUserWhoMayNotTerminateBackendsIsToldBeforeTheRun() throws Exception {
        try (LabDatabase lab = LabDatabase.open(new DatabaseSpec(db.jdbcUrl(), "lab_no_signal", null))) {
            assertThat(lab.mayTerminateBackends()).isFalse();
            assertThat(lab.serverVersion()).startsWith("PostgreSQL 17");
        }
        try (LabDatabase lab = LabDatabase.open(new DatabaseSpec(db.jdbcUrl(), EmbeddedDatabase.USER, null))) {
            assertThat(lab.mayTerminateBackends()).isTrue(); // a superuser may anyway
        }
    }

    @Test
    void aWrongPasswordIsCalledThatAndNotRepeated() {
        assertThatThrownBy(() -> LabDatabase.open(new DatabaseSpec(db.jdbcUrl(), "lab_pw", "wrong-one".toCharArray())))
                .isInstanceOf(LabInputException.class)
                .hasMessageContaining("Wrong password for user 'lab_pw'").hasMessageNotContaining("wrong-one");
    }

    @Test
    void anUnreachablePortIsNamed() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        assertThatThrownBy(() -> LabDatabase.open(new DatabaseSpec("jdbc:postgresql://127.0.0.1:" + closedPort + "/x", "u",
                "pw".toCharArray())))
                .isInstanceOf(LabInputException.class)
                .hasMessageContaining("Cannot reach 127.0.0.1:" + closedPort).hasMessageNotContaining("pw");
    }

    @Test
    void aServerThatIsNotPostgresqlIsCalledThat() throws Exception {
        try (ServerSocket http = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                while (!http.isClosed()) {
                    try (Socket s = http.accept()) {
                        OutputStream out = s.getOutputStream();
                        out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "fake-http");
            t.setDaemon(true);
            t.start();
            assertThatThrownBy(() -> LabDatabase.open(new DatabaseSpec("jdbc:postgresql://127.0.0.1:" + http.getLocalPort()
                    + "/x", "u", null)))
                    .isInstanceOf(LabInputException.class)
                    .hasMessageContaining("does not answer as PostgreSQL");
        }
    }

    @Test
    void anUnknownDatabaseIsNamed() {
        assertThatThrownBy(() -> LabDatabase.open(new DatabaseSpec(
                "jdbc:postgresql://127.0.0.1:" + db.port() + "/no_such_db", EmbeddedDatabase.USER, null)))
                .hasMessageContaining("Database 'no_such_db' does not exist");
    }
}
