package dev.poolscope.attach;

import dev.poolscope.text.Durations;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a call that crosses a process boundary (attach, JMX) with a deadline. JMX and attach calls
 * can hang on a busy, stopped or starting JVM; VisualVM and JMC give each one 5 s. A call that
 * misses its deadline is interrupted and left to die on its own daemon thread; the caller gets a
 * {@link ConnectFailure} with reason TIMEOUT at once.
 */
public final class DeadlineRunner implements AutoCloseable {

    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);

    private final ExecutorService executor;

    public DeadlineRunner(String threadNamePrefix) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, threadNamePrefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = Executors.newCachedThreadPool(factory);
    }

    /** A call whose failure is already a user-facing {@link ConnectFailure}. */
    public interface Call<T> {
        T call() throws Exception;
    }

    /**
     * @param what a short phrase for the timeout message, e.g. "attaching to pid 42"
     */
    public <T> T call(String what, Duration deadline, Call<T> call) throws ConnectFailure {
        Callable<T> task = call::call;
        Future<T> future = executor.submit(task);
        try {
            return future.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new ConnectFailure(ConnectFailure.Reason.TIMEOUT,
                    "No answer after " + formatSeconds(deadline) + " while " + what
                            + ". The JVM may be busy, stopped (SIGSTOP, debugger) or still starting.", e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new ConnectFailure(ConnectFailure.Reason.OTHER, "Cancelled while " + what + ".", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConnectFailure cf) {
                throw cf;
            }
            throw new ConnectFailure(ConnectFailure.Reason.OTHER,
                    "Failed while " + what + ": " + describe(cause), cause);
        }
    }

    static String formatSeconds(Duration d) {
        return Durations.setting(d.toMillis());
    }

    /** One line for a user: the innermost message that says something, never a stack trace. */
    public static String describe(Throwable t) {
        String best = t.getClass().getSimpleName();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                best = c.getMessage().lines().findFirst().orElse(best);
            }
        }
        return best;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
