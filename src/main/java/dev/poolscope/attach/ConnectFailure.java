package dev.poolscope.attach;

/**
 * A connect or attach that did not work, with a message for the on-call engineer that says what
 * happened and what to try. Never carries a password.
 */
public final class ConnectFailure extends Exception {

    /** What went wrong, so the UI and CLI can react (e.g. offer to retry with credentials). */
    /** STOPPED: a local target in the stopped state (SIGSTOP, a debugger); nothing was sent to it. */
    public enum Reason {
        REFUSED, UNKNOWN_HOST, AUTH_FAILED, SSL_MISMATCH, NOT_ATTACHABLE, ATTACH_DISABLED,
        NO_SUCH_PROCESS, TIMEOUT, STOPPED, NAT_RMI, NOT_JMX, BAD_ADDRESS, PROBE_FAILED, OTHER
    }

    private final Reason reason;

    public ConnectFailure(Reason reason, String userMessage, Throwable cause) {
        super(userMessage, cause);
        this.reason = reason;
    }

    public ConnectFailure(Reason reason, String userMessage) {
        this(reason, userMessage, null);
    }

    public Reason reason() {
        return reason;
    }
}
