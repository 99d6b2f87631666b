package dev.poolscope.ui;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** Runs work and callbacks at once on the calling thread: for view-model tests, which then need no waiting. */
public final class SameThreadTaskExecutor implements TaskExecutor {

    @Override
    public <T> void submit(String name, Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        T result;
        try {
            result = work.call();
        } catch (Exception e) {
            onFailure.accept(e);
            return;
        }
        onSuccess.accept(result);
    }

    @Override
    public void runOnUi(Runnable action) {
        action.run();
    }
}
