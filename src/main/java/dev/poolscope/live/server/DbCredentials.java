package dev.poolscope.live.server;

import java.util.Arrays;

/**
 * The user's own database login for asking the server (never the target's password, which the
 * probe never reads). The password is held only for the read and cleared by {@link #clear};
 * toString never shows it, so it cannot reach a log.
 *
 * @param urlOverride a jdbc:postgresql URL to use instead of the pool's, or null
 */
public record DbCredentials(String user, char[] password, String urlOverride) {

    public void clear() {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }

    @Override
    public String toString() {
        return "DbCredentials[user=" + user + ", password=" + (password == null ? "none" : "***")
                + ", url=" + urlOverride + "]";
    }
}
