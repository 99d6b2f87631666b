package dev.poolscope.live.diagnosis;

import java.util.List;

/**
 * What the database server said about a connection's backend (pg_stat_activity and
 * pg_blocking_pids), read with the user's own credentials.
 *
 * @param state                 pg_stat_activity.state: active, idle, idle in transaction, ...
 * @param waitEventType         e.g. "Lock", "Client", or null
 * @param waitEvent             e.g. "relation", "ClientRead", or null
 * @param queryStartEpochMillis when the current (or last) query started, or null
 * @param xactStartEpochMillis  when the open transaction started, or null
 * @param query                 the current or last query text, or null
 * @param blockedBy             pids of the backends it waits for
 * @param blockers              what those backends are doing
 */
public record ServerView(String state, String waitEventType, String waitEvent, Long queryStartEpochMillis,
                         Long xactStartEpochMillis, String query, List<Integer> blockedBy, List<Blocker> blockers) {

    public ServerView {
        blockedBy = blockedBy == null ? List.of() : List.copyOf(blockedBy);
        blockers = blockers == null ? List.of() : List.copyOf(blockers);
    }

    /** A backend another one waits for. */
    public record Blocker(int pid, String state, String application, String query, Long sinceMillis) {
    }
}
