package dev.poolscope.appdata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Sends java.util.logging (and with it SLF4J, bound to JUL in this app) to rotating files in the
 * logs directory: {@code poolscope-0.log} is the newest, up to {@link #DEFAULT_FILE_COUNT} files of
 * {@link #DEFAULT_LIMIT_BYTES} each, then the oldest is dropped. Every line passes through
 * {@link MaskingFormatter}, so {@code password=...} never reaches the disk. Handlers already on the
 * root logger (the console) get the masking formatter too.
 */
public final class LogSetup implements AutoCloseable {

    public static final int DEFAULT_LIMIT_BYTES = 2 * 1024 * 1024;
    public static final int DEFAULT_FILE_COUNT = 5;
    public static final String FILE_PATTERN = "poolscope-%g.log";

    /** Held strongly: JUL keeps loggers only weakly, and the configuration must stay. */
    private static final Logger HIKARI = Logger.getLogger("com.zaxxer.hikari");

    private final Logger root;
    private final FileHandler handler;

    private LogSetup(Logger root, FileHandler handler) {
        this.root = root;
        this.handler = handler;
    }

    /** Installs the file handler on the root logger with the default rotation (5 files x 2 MB). */
    public static LogSetup install(Path logsDir) throws IOException {
        return install(Logger.getLogger(""), logsDir, DEFAULT_LIMIT_BYTES, DEFAULT_FILE_COUNT);
    }

    /** Installs on {@code logger} (tests use their own); call {@link #close()} to remove it again. */
    public static LogSetup install(Logger logger, Path logsDir, int limitBytes, int fileCount) throws IOException {
        Objects.requireNonNull(logger, "logger");
        Files.createDirectories(logsDir);
        // FileHandler wants '/' in its pattern on every OS; %g is the generation (0 = newest).
        String pattern = logsDir.toAbsolutePath().toString().replace('\\', '/') + "/" + FILE_PATTERN;
        FileHandler handler = new FileHandler(pattern, limitBytes, fileCount, true);
        handler.setEncoding("UTF-8");
        handler.setLevel(Level.ALL);
        handler.setFormatter(new MaskingFormatter(new LineFormatter()));
        for (Handler existing : logger.getHandlers()) {
            if (!(existing.getFormatter() instanceof MaskingFormatter) && existing.getFormatter() != null) {
                existing.setFormatter(new MaskingFormatter(existing.getFormatter()));
            }
        }
        logger.addHandler(handler);
        if (logger.getName().isEmpty()) {
            // The lab's pools log hundreds of lines (start, stop, added connection...): they belong in
            // the log file, not in the terminal that started the app.
            HIKARI.setUseParentHandlers(false);
            HIKARI.addHandler(handler);
        }
        return new LogSetup(logger, handler);
    }

    /** Removes and closes the file handler (releases its lock file). */
    @Override
    public void close() {
        root.removeHandler(handler);
        if (HIKARI.getHandlers().length > 0 && java.util.Arrays.asList(HIKARI.getHandlers()).contains(handler)) {
            HIKARI.removeHandler(handler);
            HIKARI.setUseParentHandlers(true);
        }
        handler.close();
    }

    /** One line per record: time, level, logger, message; then the stack trace if any. */
    static final class LineFormatter extends Formatter {
        private static final DateTimeFormatter TIME =
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder(128)
                    .append(TIME.format(Instant.ofEpochMilli(record.getMillis())))
                    .append(' ').append(record.getLevel().getName())
                    .append(' ').append(record.getLoggerName())
                    .append(" [").append(Thread.currentThread().getName()).append("] ")
                    .append(formatMessage(record))
                    .append(System.lineSeparator());
            if (record.getThrown() != null) {
                java.io.StringWriter trace = new java.io.StringWriter();
                record.getThrown().printStackTrace(new java.io.PrintWriter(trace));
                line.append(trace);
            }
            return line.toString();
        }
    }
}
