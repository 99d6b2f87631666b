package dev.poolscope.ui;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The one way screens run background work (JabRef style): {@code work} runs off the FX thread,
 * and both callbacks, as well as {@link #runOnUi}, run on the FX thread. Tests use
 * {@link SameThreadTaskExecutor}, which runs everything at once on the caller's thread.
 */
public interface TaskExecutor {

    /**
     * @param name      names the worker thread while it runs, e.g. "attach pid 4242"
     * @param work      blocking work (attach, JMX); must bound itself with a deadline
     * @param onSuccess on the FX thread, with the result
     * @param onFailure on the FX thread, with what {@code work} threw
     */
    <T> void submit(String name, Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure);

    /** Runs {@code action} on the FX thread (used by listeners called on other threads). */
    void runOnUi(Runnable action);
}
