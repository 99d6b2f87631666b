package dev.poolscope.live.server;

import dev.poolscope.attach.ConnectFailure;
import dev.poolscope.attach.DeadlineRunner;
import dev.poolscope.live.PoolSnapshot;
import dev.poolscope.live.diagnosis.ServerTruth;
import dev.poolscope.secrets.Secrets;
import dev.poolscope.text.Durations;

import java.time.Duration;
import java.util.List;

/**
 * One question to the database server, as the CLI (--db-user) and the live view's "Ask the
 * server" both ask it: the read under the server's statement_timeout and the driver's timeouts,
 * the whole call under an outer deadline, and any failure as a "not read" reason in words with
 * the password masked. Never throws; blocking, so never on the FX thread.
 */
public final class ServerQuestion {

    /** The server's own statement_timeout and the driver's connect/socket timeouts. */
    public static final Duration QUERY_DEADLINE = Duration.ofSeconds(3);
    /** The outer bound, over connect + login + query; a server that misses it is reported, not waited for. */
    public static final Duration CALL_DEADLINE = Duration.ofSeconds(5);

    private ServerQuestion() {
    }

    public static ServerTruth ask(DbCredentials credentials, List<PoolSnapshot> pools, DeadlineRunner runner) {
        try {
            ServerReader reader = new ServerReader(credentials, QUERY_DEADLINE);
            return runner.call("asking the database server", CALL_DEADLINE, () -> reader.read(pools));
        } catch (ConnectFailure e) {
            // The runner's timeout text is about JVMs; this one is about the database server.
            String text = Secrets.mask(e.reason() == ConnectFailure.Reason.TIMEOUT
                    ? "server view not read: no answer from the database server within "
                    + Durations.setting(CALL_DEADLINE.toMillis())
                    : "server view not read: " + e.getMessage());
            char[] password = credentials.password();
            return ServerTruth.notAsked(password == null || password.length == 0 ? text
                    : text.replace(new String(password), Secrets.MASK));
        }
    }
}
