package dev.poolscope.appdata;

import dev.poolscope.secrets.Secrets;
import dev.poolscope.attach.RemoteTarget;

import java.util.Objects;

/**
 * A remote JMX target the user wants to find again: a label, the address (JMX service URL or
 * host:port), the user name, whether to use SSL and where the probe jar lies on the target's host
 * (null when never given). There is deliberately no password field: the password is asked for on
 * each connect and lives only in {@link RemoteTarget}'s char array.
 */
public record SavedConnection(String name, String address, String username, boolean ssl, String probeJar) {

    public SavedConnection(String name, String address, String username, boolean ssl) {
        this(name, address, username, ssl, null);
    }

    public SavedConnection {
        address = Objects.requireNonNull(address, "address").trim();
        if (address.isEmpty()) {
            throw new IllegalArgumentException("A saved connection needs an address");
        }
        if (Secrets.containsSecret(address)) {
            // e.g. service:jmx:...//user:pw@host or host:9010?password=x: saving it would put the password on disk.
            throw new IllegalArgumentException("The address contains a password; enter it in the password field instead");
        }
        name = name == null || name.isBlank() ? address : name.trim();
        username = username == null || username.isBlank() ? null : username.trim();
        probeJar = probeJar == null || probeJar.isBlank() ? null : probeJar.trim();
    }

    /** What to save for a target the user connected to; its password is dropped here. */
    public static SavedConnection of(String name, RemoteTarget target) {
        return new SavedConnection(name, target.address(), target.username(), target.ssl());
    }

    /** The same, remembering the probe jar's path on the target's host (null or blank: none). */
    public static SavedConnection of(String name, RemoteTarget target, String probeJar) {
        return new SavedConnection(name, target.address(), target.username(), target.ssl(), probeJar);
    }

    /** A target for this connection with the password the user just typed (null if none). */
    public RemoteTarget toTarget(char[] password) {
        return new RemoteTarget(address, username, password, ssl);
    }
}
