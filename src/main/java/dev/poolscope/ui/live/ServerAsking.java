package dev.poolscope.ui.live;

import dev.poolscope.attach.DeadlineRunner;
import dev.poolscope.live.PoolSnapshot;
import dev.poolscope.live.diagnosis.ServerTruth;
import dev.poolscope.live.server.DbCredentials;
import dev.poolscope.live.server.ServerQuestion;
import dev.poolscope.ui.TaskExecutor;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The live view's "Ask the server": with the user's own database login, asks PostgreSQL about the
 * pools' connections again and again, at most one question in flight and at most one every
 * {@link #EVERY}, each bounded by {@link ServerQuestion}'s deadlines. The password lives in this
 * object only (never on disk or in a log) and is wiped by {@link #close()}. FX thread, except the
 * question itself, which runs through the executor.
 */
final class ServerAsking implements AutoCloseable {

    /** The server is asked less often than the target is read: one query of pg_stat_activity each time. */
    static final Duration EVERY = Duration.ofSeconds(5);

    private final DbCredentials credentials;
    private final TaskExecutor executor;
    private final Clock clock;
    private final DeadlineRunner runner = new DeadlineRunner("poolscope-server-question");
    private boolean inFlight;
    private long lastAskedMillis = Long.MIN_VALUE;
    private boolean closed;

    ServerAsking(String user, char[] password, String urlOverride, TaskExecutor executor, Clock clock) {
        this.credentials = new DbCredentials(user, password == null ? null : password.clone(),
                urlOverride == null || urlOverride.isBlank() ? null : urlOverride.trim());
        this.executor = executor;
        this.clock = clock;
    }

    String user() {
        return credentials.user();
    }

    /** Asks about {@code pools} unless a question is under way or the last was under {@link #EVERY} ago. */
    void maybeAsk(List<PoolSnapshot> pools, Consumer<ServerTruth> onAnswer) {
        long now = clock.millis();
        if (closed || inFlight || (lastAskedMillis != Long.MIN_VALUE && now - lastAskedMillis < EVERY.toMillis())) {
            return;
        }
        inFlight = true;
        lastAskedMillis = now;
        List<PoolSnapshot> asked = List.copyOf(pools);
        executor.submit("ask the database server", () -> ServerQuestion.ask(credentials, asked, runner).about(asked),
                truth -> {
                    inFlight = false;
                    if (!closed) {
                        onAnswer.accept(truth);
                    }
                },
                e -> {
                    inFlight = false;
                    if (!closed) {
                        // ServerQuestion turns failures into reasons; anything else is said the same way.
                        onAnswer.accept(ServerTruth.notAsked("server view not read: " + e.getClass().getSimpleName()));
                    }
                });
    }

    @Override
    public void close() {
        closed = true;
        credentials.clear();
        runner.close();
    }
}
