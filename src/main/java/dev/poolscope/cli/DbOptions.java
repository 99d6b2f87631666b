package dev.poolscope.cli;

import dev.poolscope.attach.DeadlineRunner;
import dev.poolscope.live.PoolSnapshot;
import dev.poolscope.live.diagnosis.ServerTruth;
import dev.poolscope.live.server.DbCredentials;
import dev.poolscope.live.server.ServerQuestion;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The user's own database login for asking the server what each pool connection's backend does
 * (snapshot, watch). Never the target's password: the probe does not read it. The password comes
 * from a file only, so it is not in the shell history or the process list.
 */
final class DbOptions {


    @Option(names = "--db-user", paramLabel = "USER",
            description = "Ask the database server (PostgreSQL) as this user what each connection's backend is doing.")
    String user;

    @Option(names = "--db-password-file", paramLabel = "FILE",
            description = "Read the database password from this file (never pass it on the command line).")
    Path passwordFile;

    @Option(names = "--db-url", paramLabel = "URL",
            description = "jdbc:postgresql: URL of the server to ask (default: the pool's jdbcUrl as the probe reads it).")
    String url;

    /** The server's view, or why it was not asked, in words; never throws and never waits past the deadline. */
    ServerTruth ask(List<PoolSnapshot> pools, DeadlineRunner runner) {
        if (user == null || user.isBlank()) {
            return ServerTruth.notAsked(ServerTruth.NO_CREDENTIALS);
        }
        char[] password = null;
        if (passwordFile != null) {
            try {
                password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip().toCharArray();
            } catch (IOException e) {
                return ServerTruth.notAsked("server view not asked: cannot read the password file " + passwordFile
                        + ": " + e.getMessage());
            }
        }
        DbCredentials credentials = new DbCredentials(user, password, url);
        try {
            return ServerQuestion.ask(credentials, pools, runner);
        } finally {
            credentials.clear();
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }
}
