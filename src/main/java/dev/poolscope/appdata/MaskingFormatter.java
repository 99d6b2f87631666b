package dev.poolscope.appdata;

import dev.poolscope.secrets.Secrets;
import java.util.Objects;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * Formats with a delegate, then masks secrets ({@link Secrets}) in the whole line: message,
 * parameters and stack trace alike. Masking the formatted text rather than the record covers
 * secrets that reach the log through parameters or exception messages.
 */
public final class MaskingFormatter extends Formatter {

    private final Formatter delegate;

    public MaskingFormatter(Formatter delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public String format(LogRecord record) {
        return Secrets.mask(delegate.format(record));
    }

    @Override
    public String getHead(java.util.logging.Handler h) {
        return delegate.getHead(h);
    }

    @Override
    public String getTail(java.util.logging.Handler h) {
        return delegate.getTail(h);
    }
}
