package dev.poolscope.probe;

import dev.poolscope.demo.EmbeddedDatabase;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One embedded PostgreSQL for all probe integration test classes (starting one takes seconds):
 * started by the first class that needs it, stopped when the whole test run ends.
 */
final class SharedDatabase implements BeforeAllCallback {

    private static EmbeddedDatabase database;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(SharedDatabase.class, k -> {
                    database = EmbeddedDatabase.start();
                    return (ExtensionContext.Store.CloseableResource) () -> database.close();
                });
    }

    static EmbeddedDatabase database() {
        return database;
    }

    /** A URL carrying credentials, so tests see the probe strip them (the embedded server ignores them). */
    static String jdbcUrlWithCredentials() {
        return database.jdbcUrl() + "?user=postgres&password=hunter2&ApplicationName=poolscope-it";
    }
}
