package dev.poolscope.lab.middlebox;

/**
 * Follows the PostgreSQL wire protocol of one proxied connection, without buffering it, to count
 * what the pool sends: statements (simple Query or extended Execute) and validation pings. pgjdbc's
 * {@code isValid} sends an empty simple query, which is what HikariCP's validation on borrow and its
 * keepaliveTime task use, so an empty Query message is counted as a validation; its time runs until
 * the server's next ReadyForQuery, or until the connection ends (a validation that never got its answer).
 *
 * <p>Both directions are fed from their own pump thread; the methods are synchronized because a
 * validation starts in one direction and ends in the other. If the session switches to TLS the bytes
 * are opaque and counting stops ({@link #opaque()}).
 */
final class PgWireCounter {

    private static final int SSL_REQUEST = 80877103;
    private static final int GSSENC_REQUEST = 80877104;

    interface Sink {
        void statement();

        void validationStarted();

        void validationFinished(long nanos);

        /** A ping that got no answer: the connection ended (or another ping started) first. */
        void validationUnanswered();
    }

    private final Sink sink;
    private final Direction client = new Direction(true);
    private final Direction server = new Direction(false);
    private boolean awaitingEncryptionAnswer;
    private boolean opaque;
    private long validationStartNanos = -1;

    PgWireCounter(Sink sink) {
        this.sink = sink;
    }

    synchronized void fromClient(byte[] buf, int off, int len) {
        if (!opaque) {
            client.feed(buf, off, len);
        }
    }

    synchronized void fromServer(byte[] buf, int off, int len) {
        if (!opaque) {
            server.feed(buf, off, len);
        }
    }

    /**
     * The connection ended. A validation still waiting for its answer was unanswered; its time is
     * known only if the proxy saw the client give up ({@code clientCloseSeen}). In kernel mode the
     * client's close of a dropped flow never arrives (its kernel cannot send past the unacknowledged
     * ping), so that time stays unknown rather than being stretched to the end of the run.
     */
    synchronized void closed(boolean clientCloseSeen) {
        abandon(clientCloseSeen);
    }

    synchronized boolean opaque() {
        return opaque;
    }

    private void answered() {
        if (validationStartNanos >= 0) {
            sink.validationFinished(System.nanoTime() - validationStartNanos);
            validationStartNanos = -1;
        }
    }

    private void abandon(boolean timeKnown) {
        if (validationStartNanos >= 0) {
            sink.validationUnanswered();
            if (timeKnown) {
                sink.validationFinished(System.nanoTime() - validationStartNanos);
            }
            validationStartNanos = -1;
        }
    }

    /** One direction's message framer: [type byte] int32 length (including itself), body. */
    private final class Direction {
        private final boolean fromClient;
        private boolean untyped; // the client's first messages (startup, SSLRequest) have no type byte
        private final byte[] header = new byte[5];
        private int headerFilled;
        private long bodyRemaining;
        private int type;
        private int bodyBytesSeen;
        private int firstBodyInt;

        Direction(boolean fromClient) {
            this.fromClient = fromClient;
            this.untyped = fromClient;
        }

        void feed(byte[] buf, int off, int len) {
            int i = off;
            int end = off + len;
            while (i < end && !opaque) {
                if (!fromClient && awaitingEncryptionAnswer && headerFilled == 0 && bodyRemaining == 0) {
                    // The answer to SSLRequest/GSSENCRequest is a single byte: 'N' (go on in clear) or 'S'/'G'.
                    awaitingEncryptionAnswer = false;
                    if (buf[i] != 'N') {
                        opaque = true;
                        return;
                    }
                    i++;
                    continue;
                }
                if (bodyRemaining > 0) {
                    int n = (int) Math.min(bodyRemaining, end - i);
                    for (int k = 0; k < n && bodyBytesSeen < 4; k++, bodyBytesSeen++) {
                        firstBodyInt = (firstBodyInt << 8) | (buf[i + k] & 0xff);
                    }
                    bodyRemaining -= n;
                    i += n;
                    if (bodyRemaining == 0) {
                        messageEnded();
                    }
                    continue;
                }
                int headerSize = untyped ? 4 : 5;
                header[headerFilled++] = buf[i++];
                if (headerFilled == headerSize) {
                    int base = untyped ? 0 : 1;
                    type = untyped ? -1 : header[0] & 0xff;
                    int length = ((header[base] & 0xff) << 24) | ((header[base + 1] & 0xff) << 16)
                            | ((header[base + 2] & 0xff) << 8) | (header[base + 3] & 0xff);
                    headerFilled = 0;
                    bodyBytesSeen = 0;
                    firstBodyInt = 0;
                    bodyRemaining = Math.max(0, length - 4);
                    if (bodyRemaining == 0) {
                        messageEnded();
                    } else {
                        messageStarted(length - 4);
                    }
                }
            }
        }

        private void messageStarted(long bodyLength) {
            if (fromClient && type == 'Q') {
                if (bodyLength == 1) { // only the terminating zero: the empty query of isValid
                    abandon(true);
                    validationStartNanos = System.nanoTime();
                    sink.validationStarted();
                } else {
                    sink.statement();
                }
            } else if (fromClient && type == 'E') {
                sink.statement();
            }
        }

        private void messageEnded() {
            if (fromClient && untyped) {
                if (firstBodyInt == SSL_REQUEST || firstBodyInt == GSSENC_REQUEST) {
                    awaitingEncryptionAnswer = true;
                } else {
                    untyped = false; // the startup message: typed messages from here on
                }
            } else if (!fromClient && type == 'Z') {
                answered();
            }
        }
    }
}
