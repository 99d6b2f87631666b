package dev.poolscope.lab.db;

import dev.poolscope.secrets.Secrets;

/**
 * Where a lab run gets its database: the embedded PostgreSQL ({@link #embedded()}) or the user's.
 * The password is a char array so a caller can wipe it; {@link #toString()} never shows it.
 */
public record DatabaseSpec(String jdbcUrl, String user, char[] password) {

    public static DatabaseSpec embedded() {
        return new DatabaseSpec(null, null, null);
    }

    public boolean isEmbedded() {
        return jdbcUrl == null;
    }

    @Override
    public String toString() {
        return isEmbedded() ? "embedded PostgreSQL" : Secrets.mask(jdbcUrl) + " as " + user + " (password ****)";
    }
}
