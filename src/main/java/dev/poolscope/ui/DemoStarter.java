package dev.poolscope.ui;

import dev.poolscope.demo.DemoHandle;

/**
 * Starts the demo target (embedded PostgreSQL plus a service JVM). Blocking, 5-10 s: the start
 * page calls it through the {@link TaskExecutor}, never on the FX thread.
 */
@FunctionalInterface
public interface DemoStarter {
    /** @throws Exception with a message a user can read when something could not be started */
    DemoHandle start() throws Exception;
}
