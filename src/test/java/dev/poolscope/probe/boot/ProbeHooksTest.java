package dev.poolscope.probe.boot;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;

class ProbeHooksTest {

    /** Fails in every way a listener could: nothing of it may reach the pool's code. */
    private static final class FailingListener implements ProbeListener {
        @Override public void borrowStarted(Object pool) { throw new IllegalStateException("boom"); }
        @Override public void borrowEnded(Object pool, Object connection) { throw new OutOfMemoryError("boom"); }
        @Override public void borrowFailed(Object pool, Throwable failure) { throw new StackOverflowError("boom"); }
        @Override public void leased(Object poolEntry) { throw new NullPointerException("boom"); }
        @Override public void released(Object pool, Object poolEntry) { throw new LinkageError("boom"); }
        @Override public void returned(Object pool, Object poolEntry, long clock) { throw new InternalError("boom"); }
        @Override public void created(Object poolEntry) { throw new AssertionError("boom"); }
        @Override public void poolSeen(Object pool) { throw new ClassCastException("boom"); }
    }

    @Test
    void hooksNeverThrowIntoTheInstrumentedCode() {
        ProbeHooks.install(new FailingListener());
        assertThatCode(() -> {
            ProbeHooks.borrowStarted(new Object());
            ProbeHooks.borrowEnded(new Object(), new Object());
            ProbeHooks.borrowFailed(new Object(), new RuntimeException());
            ProbeHooks.leased(new Object());
            ProbeHooks.released(new Object(), new Object());
            ProbeHooks.returned(new Object(), new Object(), 1L);
            ProbeHooks.created(new Object());
            ProbeHooks.poolSeen(new Object());
        }).doesNotThrowAnyException();
    }
}
