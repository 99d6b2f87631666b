package dev.poolscope.ui;

import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Reads GUI state on the FX thread, for tests: properties the FX thread changes together (a state
 * and its banner) are seen as one consistent pair, never half-way through an update.
 */
public final class FxThread {

    private FxThread() {
    }

    public static <T> T read(Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
