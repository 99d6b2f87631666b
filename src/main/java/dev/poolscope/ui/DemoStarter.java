package dev.poolscope.ui;

import dev.poolscope.demo.DemoHandle;

import java.util.function.Consumer;

/**
 * Starts the demo target (embedded PostgreSQL plus a service JVM). Blocking, 5-10 s: the start
 * page calls it through the {@link TaskExecutor}, never on the FX thread.
 */
@FunctionalInterface
public interface DemoStarter {
    /**
     * @param progress short phrases for a status line ("Starting the embedded PostgreSQL…"), called on the worker thread
     * @throws Exception with a message a user can read when something could not be started
     */
    DemoHandle start(Consumer<String> progress) throws Exception;
}
