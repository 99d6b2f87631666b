package dev.poolscope.cli;

import dev.poolscope.text.Durations;
import dev.poolscope.attach.ConnectFailure;
import dev.poolscope.attach.DeadlineRunner;
import dev.poolscope.attach.JvmConnector;
import dev.poolscope.attach.TargetConnection;
import dev.poolscope.live.LivePoller;
import dev.poolscope.live.SnapshotListener;
import dev.poolscope.live.TargetSnapshot;
import dev.poolscope.live.report.SnapshotText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "watch", description = {"Show pools, connections and stuck threads of a running JVM, refreshing in the terminal.",
        "For SSH sessions. Ctrl-C stops watching (the target is not affected)."})
final class WatchCommand implements Callable<Integer> {


    @Mixin
    TargetOptions options;

    @Mixin
    DbOptions db;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "1", description = "Refresh interval (default: ${DEFAULT-VALUE} s).")
    double intervalSeconds;

    @Option(names = "--no-clear", description = "Append each refresh instead of redrawing the screen (for logs and dumb terminals).")
    boolean noClear;

    @Option(names = "--threads-every-poll", description = {"Read threads on every refresh, whatever a read costs.",
            "By default a target whose thread read is slow (thousands of threads) has its threads read at most every",
            "50 x that read's time (<= 2 %% of a core), pools still every interval; the header says so."})
    boolean threadsEveryPoll;

    @Override
    public Integer call() throws InterruptedException {
        if (!(intervalSeconds >= 0.2)) {
            System.err.println("poolscope: --interval must be at least 0.2 s.");
            return 2;
        }
        PrintStream out = System.out;
        int width = TerminalText.width();
        Duration interval = Duration.ofMillis((long) (intervalSeconds * 1000));
        CountDownLatch gone = new CountDownLatch(1);
        try (JvmConnector connector = new JvmConnector(); TargetConnection connection = options.open(connector);
             DeadlineRunner serverRunner = new DeadlineRunner("poolscope-watch-server")) {
            SnapshotListener listener = new SnapshotListener() {
                @Override
                public void onSnapshot(TargetSnapshot snapshot) {
                    StringBuilder screen = new StringBuilder();
                    if (!noClear) {
                        screen.append("\033[H\033[2J");
                    }
                    screen.append("poolscope watch · ").append(Durations.timeOfDay(snapshot.capturedAt(), ZoneId.systemDefault()))
                            .append(" · every ").append(intervalSeconds).append(" s");
                    String paced = snapshot.threadPacing() == null ? null : snapshot.threadPacing().describe(interval);
                    if (paced != null) {
                        screen.append(" · ").append(paced).append(", threads as of ")
                                .append(Durations.timeOfDay(snapshot.threadPacing().lastReadAt(), ZoneId.systemDefault()));
                    }
                    screen.append(" · Ctrl-C to stop\n");
                    // On the poller's thread, bounded by DbOptions.CALL_DEADLINE: a slow server delays a refresh, never hangs it.
                    screen.append(SnapshotText.write(snapshot, db.ask(snapshot.pools(), serverRunner)));
                    out.print(TerminalText.wrap(screen.toString(), width));
                    out.flush();
                }

                @Override
                public void onFailure(String message, boolean targetGone) {
                    out.println("\n" + Durations.timeOfDay(java.time.Instant.now(), ZoneId.systemDefault()) + "  " + message);
                    out.flush();
                    if (targetGone) {
                        gone.countDown();
                    }
                }

                @Override
                public void onReconnected(String message) {
                    out.println("\n" + Durations.timeOfDay(java.time.Instant.now(), ZoneId.systemDefault()) + "  " + message);
                    out.flush();
                }
            };
            try (LivePoller poller = new LivePoller(connection, CliServices.snapshotSource(!threadsEveryPoll), listener, interval)) {
                poller.start();
                gone.await();
            }
            return 1;
        } catch (ConnectFailure e) {
            System.err.println("poolscope: " + e.getMessage());
            return 1;
        }
    }
}
