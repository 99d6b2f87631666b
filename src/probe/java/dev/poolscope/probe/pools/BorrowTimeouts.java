package dev.poolscope.probe.pools;

/**
 * How the other libraries say "no connection became available in time", so their borrow timeouts
 * are counted as timeouts and not as other failures. Called only when a borrow throws.
 */
public final class BorrowTimeouts {

    private static final String AGROAL_TIMEOUT = "Sorry, acquisition timeout!";
    private static final String VIBUR_TIMEOUT_STATE = "VI002";
    /** UCP: "UCP-45064: All connections in the Universal Connection Pool are in use - [ borrowed:2, ...". */
    private static final String UCP_TIMEOUT = "UCP-45064";

    private BorrowTimeouts() {
    }

    public static boolean isLibraryTimeout(Throwable failure) {
        for (Class<?> c = failure.getClass(); c != null; c = c.getSuperclass()) {
            // Tomcat JDBC: "Timeout: Pool empty. Unable to fetch a connection in N seconds"
            // c3p0: BasicResourcePool.checkoutResource(long) throws this after checkoutTimeout ms
            if ("org.apache.tomcat.jdbc.pool.PoolExhaustedException".equals(c.getName())
                    || "com.mchange.v2.resourcepool.TimeoutException".equals(c.getName())
                    || "com.alibaba.druid.pool.GetConnectionTimeoutException".equals(c.getName())) {
                return true;
            }
        }
        // Vibur: SQLTimeoutException "Pool p, couldn't obtain SQL connection within N ms." with SQLState VI002
        if (failure instanceof java.sql.SQLException && VIBUR_TIMEOUT_STATE.equals(((java.sql.SQLException) failure).getSQLState())) {
            return true;
        }
        // UCP: the borrow hook sees UniversalConnectionPoolException; PoolDataSourceImpl wraps it
        // later in "UCP-29: Failed to get a connection".
        if (isUcpTimeout(failure) || isUcpTimeout(failure.getCause())) {
            return true;
        }
        Throwable cause = failure.getCause();
        // DBCP2 wraps commons-pool2's NoSuchElementException ("Timeout waiting for idle object", or
        // "Pool exhausted" when blockWhenExhausted=false) in "Cannot get a connection, pool error".
        if (cause != null && "java.util.NoSuchElementException".equals(cause.getClass().getName())
                && "java.sql.SQLException".equals(failure.getClass().getName())) {
            return true;
        }
        // Agroal: a plain SQLException with this message (its cause-free form since 1.x).
        return AGROAL_TIMEOUT.equals(failure.getMessage());
    }

    private static boolean isUcpTimeout(Throwable t) {
        String m = t == null ? null : t.getMessage();
        return m != null && m.startsWith(UCP_TIMEOUT) && t.getClass().getName().startsWith("oracle.ucp.");
    }
}
