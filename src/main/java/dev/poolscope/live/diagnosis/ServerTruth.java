package dev.poolscope.live.diagnosis;

import dev.poolscope.live.ConnectionRow;

import java.util.List;
import java.util.Map;

/**
 * What the database server said at one instant, by backend pid; or why it was not asked.
 *
 * @param notAskedReason null when the server was asked
 * @param byPid          the server's backends, when asked
 * @param orphans        backends from this client that no pool connection owns, when asked
 */
public record ServerTruth(String notAskedReason, Map<Integer, ServerView> byPid, List<Integer> orphans) {

    public static final String NO_CREDENTIALS = "no database credentials given (--db-user)";

    public ServerTruth {
        byPid = byPid == null ? Map.of() : Map.copyOf(byPid);
        orphans = orphans == null ? List.of() : List.copyOf(orphans);
    }

    public static ServerTruth notAsked(String reason) {
        return new ServerTruth(reason, Map.of(), List.of());
    }

    public boolean asked() {
        return notAskedReason == null;
    }

    /** What the server said about this connection's backend. */
    public Diagnoser.Server of(ConnectionRow c) {
        if (!asked()) {
            return new Diagnoser.NotAsked(notAskedReason);
        }
        if (c.backendPid() == null) {
            return new Diagnoser.NotAsked("the driver does not expose this connection's backend pid");
        }
        ServerView v = byPid.get(c.backendPid());
        return v == null ? new Diagnoser.Gone() : new Diagnoser.Seen(v);
    }

    /** The server's view of this connection's backend, or null. */
    public ServerView viewOf(ConnectionRow c) {
        return c.backendPid() == null ? null : byPid.get(c.backendPid());
    }
}
