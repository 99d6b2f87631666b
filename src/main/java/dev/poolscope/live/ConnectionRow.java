package dev.poolscope.live;

/**
 * One pooled connection at one instant. Durations are measured in the target (never from
 * HikariCP's raw clock values); a duration that does not apply or is unknown is null.
 *
 * @param id               stable for the connection's life within its pool
 * @param idleMillis       time since last returned, only while idle
 * @param inUseMillis      time since borrowed, only while in use and only when the probe saw the borrow
 * @param ageMillis        time since the physical connection was opened
 * @param ageExact         false when age is an estimate (connection older than the probe)
 * @param borrowerThread   name of the thread holding it, when the probe saw the borrow
 * @param borrowerThreadId id of that thread, or null
 * @param borrowStack      the holder's stack NOW (top first) when held past the probe's threshold, else
 *                         empty; the name is historical: where it borrowed is {@code borrowSite}
 * @param runningStatement the SQL running on it now (placeholders, no values) when the driver exposes it, else null
 * @param backendPid       the database server's process for it (pgjdbc's getBackendPID), or null
 * @param localPort        its socket's local port (the server's client_port), or null
 * @param tcp              the target kernel's view of its socket, or null with {@code tcpUnavailableReason}
 * @param tcpUnavailableReason why {@code tcp} is null, in words; null when tcp is present
 * @param inUseAtLeastMillis for a borrow that began before the probe: in use at least this long (what the probe saw), else null
 * @param inUseAtMostMillis  for such a borrow: at most this long (since the pool's own last-use time), else null
 * @param idleSince          what idleMillis counts from: "return" (HikariCP 5.x+) or "last_statement" (3.x/4.x), or null
 * @param borrowSite         where the holder borrowed it (or why that is not known), for connections whose borrow the
 *                           probe saw; null otherwise or from a probe that predates it
 * @param holderSource       who named borrowerThread: "borrow" (the probe saw it), "driver_lock" (inside a statement now) or
 *                           "leak_detection" (HikariCP's leak task, for a borrow older than the probe), or null
 */
public record ConnectionRow(
        String id,
        ConnectionState state,
        Long idleMillis,
        Long inUseMillis,
        Long ageMillis,
        boolean ageExact,
        String borrowerThread,
        Long borrowerThreadId,
        java.util.List<String> borrowStack,
        String runningStatement,
        Integer backendPid,
        Integer localPort,
        TcpView tcp,
        String tcpUnavailableReason,
        Long inUseAtLeastMillis,
        Long inUseAtMostMillis,
        String idleSince,
        BorrowSite borrowSite,
        String holderSource) {

    /** This row with another kernel view of its socket (ss's times added). */
    public ConnectionRow withTcp(TcpView newTcp) {
        return new ConnectionRow(id, state, idleMillis, inUseMillis, ageMillis, ageExact, borrowerThread, borrowerThreadId,
                borrowStack, runningStatement, backendPid, localPort, newTcp, tcpUnavailableReason, inUseAtLeastMillis,
                inUseAtMostMillis, idleSince, borrowSite, holderSource);
    }

    /** Why a row from a probe older than the kernel view has no tcp. */
    public static final String TCP_NOT_READ_BY_PROBE = "kernel TCP view: the target's probe is older than this feature";

    public ConnectionRow(String id, ConnectionState state, Long idleMillis, Long inUseMillis, Long ageMillis,
                         boolean ageExact, String borrowerThread, Long borrowerThreadId,
                         java.util.List<String> borrowStack, String runningStatement) {
        this(id, state, idleMillis, inUseMillis, ageMillis, ageExact, borrowerThread, borrowerThreadId, borrowStack,
                runningStatement, null, null, null, TCP_NOT_READ_BY_PROBE);
    }

    /** Without in-use bounds (rows from probes that predate them, and tests). */
    public ConnectionRow(String id, ConnectionState state, Long idleMillis, Long inUseMillis, Long ageMillis,
                         boolean ageExact, String borrowerThread, Long borrowerThreadId,
                         java.util.List<String> borrowStack, String runningStatement, Integer backendPid,
                         Integer localPort, TcpView tcp, String tcpUnavailableReason) {
        this(id, state, idleMillis, inUseMillis, ageMillis, ageExact, borrowerThread, borrowerThreadId, borrowStack,
                runningStatement, backendPid, localPort, tcp, tcpUnavailableReason, null, null, null, null, null);
    }

    /** Without a borrow site (rows from probes that predate it, and tests). */
    public ConnectionRow(String id, ConnectionState state, Long idleMillis, Long inUseMillis, Long ageMillis,
                         boolean ageExact, String borrowerThread, Long borrowerThreadId,
                         java.util.List<String> borrowStack, String runningStatement, Integer backendPid,
                         Integer localPort, TcpView tcp, String tcpUnavailableReason, Long inUseAtLeastMillis,
                         Long inUseAtMostMillis, String idleSince) {
        this(id, state, idleMillis, inUseMillis, ageMillis, ageExact, borrowerThread, borrowerThreadId, borrowStack,
                runningStatement, backendPid, localPort, tcp, tcpUnavailableReason, inUseAtLeastMillis,
                inUseAtMostMillis, idleSince, null, null);
    }

    public ConnectionRow {
        borrowStack = borrowStack == null ? java.util.List.of() : java.util.List.copyOf(borrowStack);
    }

    public ConnectionRow(String id, ConnectionState state, Long idleMillis, Long inUseMillis, Long ageMillis,
                         boolean ageExact, String borrowerThread, Long borrowerThreadId) {
        this(id, state, idleMillis, inUseMillis, ageMillis, ageExact, borrowerThread, borrowerThreadId, java.util.List.of(), null);
    }

    public ConnectionRow(String id, ConnectionState state, Long idleMillis, Long inUseMillis, Long ageMillis,
                         boolean ageExact, String borrowerThread, Long borrowerThreadId, java.util.List<String> borrowStack) {
        this(id, state, idleMillis, inUseMillis, ageMillis, ageExact, borrowerThread, borrowerThreadId, borrowStack, null);
    }
}
