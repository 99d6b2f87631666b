package dev.poolscope.lab.middlebox;

/**
 * What one proxy saw, counted at the wire: connections the pool opened, flows dropped or reset,
 * statements and validation pings sent by the pool (see {@link PgWireCounter}). {@code wireOpaque}
 * counts connections that switched to TLS, whose statements could not be counted.
 */
public record ProxyStats(
        long connectionsAccepted,
        int openFlows,
        long silentDrops,
        long resets,
        long statements,
        long validations,
        long unansweredValidations,
        long validationNanos,
        long wireOpaque) {
}
