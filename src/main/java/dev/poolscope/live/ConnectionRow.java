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
 * @param borrowStack      the holder's stack (top first) when held past the probe's threshold, else empty
 * @param runningStatement the SQL running on it now (placeholders, no values) when the driver exposes it, else null
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
        String runningStatement) {

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
