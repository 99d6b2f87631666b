package dev.poolscope.doctor.path;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens one connection over the path under test, with TCP keepalive off (keepalive would keep the flow alive). */
public interface PathConnector {

    Connection open() throws SQLException;

    /** The target for messages, with any secret masked. */
    String describe();
}
