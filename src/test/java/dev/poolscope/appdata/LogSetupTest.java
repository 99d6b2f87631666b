package dev.poolscope.appdata;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class LogSetupTest {

    @TempDir
    Path logs;

    private Logger logger;

    @BeforeEach
    void ownLogger() {
        // A logger of its own, so the test neither sees nor changes the root logger's handlers.
        logger = Logger.getLogger("poolscope.test." + System.nanoTime());
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.ALL);
    }

    @AfterEach
    void dropHandlers() {
        for (var h : logger.getHandlers()) {
            logger.removeHandler(h);
            h.close();
        }
    }

    @Test
    void writesOneLinePerRecordToPoolscope0Log() throws Exception {
        try (LogSetup ignored = LogSetup.install(logger, logs, LogSetup.DEFAULT_LIMIT_BYTES, LogSetup.DEFAULT_FILE_COUNT)) {
            logger.info("attached to pid 4242");
            logger.log(Level.WARNING, "snapshot failed", new IllegalStateException("target not responding for 12 s"));
        }

        String text = Files.readString(logs.resolve("poolscope-0.log"));
        assertThat(text).contains("INFO " + logger.getName(), "attached to pid 4242",
                "WARNING", "snapshot failed", "IllegalStateException: target not responding for 12 s");
    }

    @Test
    void passwordsInMessagesParametersAndExceptionsAreMasked() throws Exception {
        try (LogSetup ignored = LogSetup.install(logger, logs, LogSetup.DEFAULT_LIMIT_BYTES, LogSetup.DEFAULT_FILE_COUNT)) {
            logger.info("connecting with password=hunter2");
            logger.log(Level.INFO, "url {0}", "jdbc:postgresql://ops:hunter3@db/app");
            logger.log(Level.WARNING, "failed", new RuntimeException("bad credentials: secret=hunter4"));
        }

        String text = Files.readString(logs.resolve("poolscope-0.log"));
        assertThat(text).doesNotContain("hunter2", "hunter3", "hunter4").contains("password=****", "ops:****@db");
    }

    @Test
    void rotatesThroughAFixedNumberOfFilesOfLimitedSize() throws Exception {
        int limit = 4_096;
        int count = 5;
        try (LogSetup ignored = LogSetup.install(logger, logs, limit, count)) {
            for (int i = 0; i < 2_000; i++) {
                logger.info("line " + i + " " + "x".repeat(60));
            }
        }

        List<Path> files;
        try (Stream<Path> s = Files.list(logs)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("poolscope-0.log", "poolscope-1.log", "poolscope-2.log", "poolscope-3.log", "poolscope-4.log");
        for (Path f : files) {
            // FileHandler rotates before the record that would cross the limit.
            assertThat(Files.size(f)).isLessThanOrEqualTo(limit + 200);
        }
        assertThat(Files.readString(logs.resolve("poolscope-0.log"))).contains("line 1999");
        assertThat(files.stream().map(LogSetupTest::read)).noneMatch(t -> t.contains("line 0 "));
    }

    @Test
    void closeReleasesTheLogFileForTheNextRun() throws Exception {
        LogSetup.install(logger, logs, 10_000, 2).close();
        try (LogSetup ignored = LogSetup.install(logger, logs, 10_000, 2)) {
            logger.info("second run");
        }

        assertThat(Files.readString(logs.resolve("poolscope-0.log"))).contains("second run");
        try (Stream<Path> s = Files.list(logs)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".lck"));
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void hikariRecordsGoToTheLogFileAndNotToTheTerminal() throws Exception {
        Logger hikari = Logger.getLogger("com.zaxxer.hikari.pool.HikariPool");
        try (LogSetup ignored = LogSetup.install(logs)) {
            hikari.info("orders-db - Added connection conn42");
            assertThat(Logger.getLogger("com.zaxxer.hikari").getUseParentHandlers()).isFalse();
        }
        assertThat(Files.readString(logs.resolve("poolscope-0.log"))).contains("Added connection conn42");
        assertThat(Logger.getLogger("com.zaxxer.hikari").getUseParentHandlers()).isTrue();
    }
}
