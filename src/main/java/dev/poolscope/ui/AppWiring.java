package dev.poolscope.ui;

import dev.poolscope.attach.ConnectFailure;
import dev.poolscope.attach.Connector;
import dev.poolscope.attach.LocalJvm;
import dev.poolscope.attach.RemoteTarget;
import dev.poolscope.attach.TargetConnection;
import dev.poolscope.live.SnapshotSource;

import java.time.Clock;
import java.util.List;

/**
 * The composition root: the one place that picks the implementations behind the GUI. Each
 * service below is one line; the lab screen and the threads panel are one line each in
 * {@code screens} and {@code livePanels}.
 */
public final class AppWiring {

    private AppWiring() {
    }

    public static AppServices standard() {
        return new AppServices(
                MISSING_CONNECTOR,                 // the attach module's Connector
                MISSING_SNAPSHOT_SOURCE,           // the live module's JMX snapshot source
                AppWiring::missingDemo,            // the demo module's launcher, e.g. DemoLauncher::start
                List.of(),                         // e.g. new Screen("Lab", () -> new LabView(...))
                List.of(),                         // e.g. new LivePanel("Threads", s -> new ThreadsView(...))
                Clock.systemUTC());
    }

    // Until the attach, live and demo modules are wired in above, the GUI says so where the user
    // meets the gap instead of failing at start.
    private static final String NOT_WIRED = "this build of PoolScope has no %s wired into the GUI (see AppWiring)";

    private static final Connector MISSING_CONNECTOR = new Connector() {
        @Override
        public List<LocalJvm> listLocal() {
            throw new IllegalStateException(String.format(NOT_WIRED, "JVM discovery"));
        }

        @Override
        public TargetConnection attach(long pid, boolean loadProbe) throws ConnectFailure {
            throw new ConnectFailure(ConnectFailure.Reason.OTHER, "Cannot attach: " + String.format(NOT_WIRED, "attach module"));
        }

        @Override
        public TargetConnection connect(RemoteTarget target) throws ConnectFailure {
            throw new ConnectFailure(ConnectFailure.Reason.OTHER, "Cannot connect: " + String.format(NOT_WIRED, "JMX client"));
        }
    };

    private static final SnapshotSource MISSING_SNAPSHOT_SOURCE = connection -> {
        throw new IllegalStateException(String.format(NOT_WIRED, "snapshot reader"));
    };

    private static dev.poolscope.demo.DemoHandle missingDemo() {
        throw new IllegalStateException(String.format(NOT_WIRED, "demo launcher"));
    }
}
