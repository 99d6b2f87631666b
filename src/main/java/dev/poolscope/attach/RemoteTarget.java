package dev.poolscope.attach;

import java.util.Arrays;

/**
 * A remote JMX endpoint. {@code address} is a JMX service URL or host:port. The password is kept
 * as a char array that {@link #clearPassword()} wipes, and is never part of {@link #toString()}.
 */
public final class RemoteTarget {
    private final String address;
    private final String username;
    private final char[] password;
    private final boolean ssl;

    public RemoteTarget(String address, String username, char[] password, boolean ssl) {
        this.address = address == null ? "" : address.trim();
        this.username = username == null || username.isBlank() ? null : username;
        this.password = password == null ? null : password.clone();
        this.ssl = ssl;
    }

    public String address() {
        return address;
    }

    public String username() {
        return username;
    }

    public char[] password() {
        return password == null ? null : password.clone();
    }

    public boolean ssl() {
        return ssl;
    }

    public void clearPassword() {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }

    @Override
    public String toString() {
        return (username == null ? "" : username + "@") + address + (ssl ? " (SSL)" : "");
    }
}
