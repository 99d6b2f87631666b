package dev.poolscope.live.diagnosis;

import dev.poolscope.live.ConnectionRow;
import dev.poolscope.live.PoolSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the database server said at one instant, by backend pid; or why it was not asked.
 *
 * @param notAskedReason null when the server was asked; otherwise the reason in words
 * @param byPid          the server's client backends, when asked
 * @param orphans        backends from this application (same application name and client address
 *                       as the pool's own) that no pool connection owns, when asked
 * @param askedAbout     the backend pids of the pool connections the question was asked for, or null
 *                       when it answers for the very snapshot it is used with (the CLI). A connection
 *                       opened after the question is not in it: the answer says nothing about it, and
 *                       its absence from {@code byPid} is not evidence that its backend is gone.
 */
public record ServerTruth(String notAskedReason, Map<Integer, ServerView> byPid, List<Orphan> orphans,
                          java.util.Set<Integer> askedAbout) {

    public ServerTruth(String notAskedReason, Map<Integer, ServerView> byPid, List<Orphan> orphans) {
        this(notAskedReason, byPid, orphans, null);
    }

    /** This answer, applied later to newer snapshots: only the connections in {@code pools} were asked about. */
    public ServerTruth about(List<PoolSnapshot> pools) {
        java.util.Set<Integer> pids = new java.util.HashSet<>();
        for (PoolSnapshot p : pools) {
            for (ConnectionRow c : p.connections()) {
                if (c.backendPid() != null) {
                    pids.add(c.backendPid());
                }
            }
        }
        return new ServerTruth(notAskedReason, byPid, orphans, pids);
    }

    private boolean askedAbout(ConnectionRow c) {
        return askedAbout == null || askedAbout.contains(c.backendPid());
    }

    public static final String NO_CREDENTIALS = "server view not asked: pass --db-user (and --db-password-file)";

    public ServerTruth {
        byPid = byPid == null ? Map.of() : Map.copyOf(byPid);
        orphans = orphans == null ? List.of() : List.copyOf(orphans);
        askedAbout = askedAbout == null ? null : java.util.Set.copyOf(askedAbout);
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
            return new Diagnoser.NotAsked("server view: the driver does not expose this connection's backend pid");
        }
        ServerView v = byPid.get(c.backendPid());
        if (v == null && !askedAbout(c)) {
            return new Diagnoser.NotAsked("server view: this connection was opened after the server was last asked");
        }
        return v == null ? new Diagnoser.Gone() : new Diagnoser.Seen(v);
    }

    /** The server's view of this connection's backend, or null. */
    public ServerView viewOf(ConnectionRow c) {
        return c.backendPid() == null ? null : byPid.get(c.backendPid());
    }

    /** Pool connections whose backend the server no longer has; empty when the server was not asked. */
    public List<Ghost> ghosts(List<PoolSnapshot> pools) {
        List<Ghost> ghosts = new ArrayList<>();
        if (!asked()) {
            return ghosts;
        }
        for (PoolSnapshot p : pools) {
            for (ConnectionRow c : p.connections()) {
                if (c.backendPid() != null && !byPid.containsKey(c.backendPid()) && askedAbout(c)) {
                    ghosts.add(new Ghost(p.name(), c.id(), c.backendPid()));
                }
            }
        }
        return ghosts;
    }

    /** A pool connection whose server backend is gone (terminated, or the server restarted). */
    public record Ghost(String pool, String connectionId, int backendPid) {
    }

    /** A server backend of this application that no pool connection owns (a leak outside the pool, or another pool). */
    public record Orphan(int pid, String application, String clientAddress, String state, String query) {
    }
}
