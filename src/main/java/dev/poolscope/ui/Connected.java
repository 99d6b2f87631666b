package dev.poolscope.ui;

import dev.poolscope.attach.TargetConnection;

import java.util.Objects;

/**
 * A connection the start page made, with how to make it again (for "reconnect" after the
 * target stopped answering). The reconnect call blocks: run it through the {@link TaskExecutor}.
 */
public record Connected(TargetConnection connection, Reconnect reconnect) {

    /** Repeats the connect that produced a connection. */
    @FunctionalInterface
    public interface Reconnect {
        TargetConnection connect() throws Exception;
    }

    public Connected {
        Objects.requireNonNull(connection);
        Objects.requireNonNull(reconnect);
    }
}
