package dev.poolscope.ui.start;

import dev.poolscope.attach.ConnectFailure;
import dev.poolscope.attach.LocalJvm;
import dev.poolscope.demo.DemoHandle;
import dev.poolscope.ui.Connected;
import dev.poolscope.ui.SameThreadTaskExecutor;
import dev.poolscope.ui.ScriptedConnector;
import dev.poolscope.ui.TaskExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class StartViewModelTest {

    private final ScriptedConnector connector = new ScriptedConnector();
    private final List<Connected> connected = new ArrayList<>();
    private final AtomicInteger demosStarted = new AtomicInteger();
    private FakeDemo demo;
    private StartViewModel vm;

    @BeforeEach
    void setUp() {
        vm = new StartViewModel(connector, progress -> {
            demosStarted.incrementAndGet();
            progress.accept("Starting the embedded PostgreSQL…");
            demo = new FakeDemo(777);
            return demo;
        }, new SameThreadTaskExecutor(), connected::add);
    }

    @Test
    void refreshListsAttachableJvmsFirst() {
        connector.local = List.of(
                new LocalJvm(30, "other-user-app", "17.0.9", false, "runs as another user"),
                new LocalJvm(20, "orders-service", "21.0.2", true, null));

        vm.refresh();

        assertThat(vm.jvms()).extracting(LocalJvm::pid).containsExactly(20L, 30L);
        assertThat(vm.listMessageProperty().get()).isNull();
        assertThat(vm.listingProperty().get()).isFalse();
    }

    @Test
    void filterMatchesPidNameOrJavaVersion() {
        connector.local = List.of(
                new LocalJvm(4242, "orders-service", "21.0.2", true, null),
                new LocalJvm(5151, "billing", "17.0.9", true, null));
        vm.refresh();

        vm.filterProperty().set("ORDERS");
        assertThat(vm.jvms()).extracting(LocalJvm::pid).containsExactly(4242L);
        vm.filterProperty().set("515");
        assertThat(vm.jvms()).extracting(LocalJvm::pid).containsExactly(5151L);
        vm.filterProperty().set("17.0");
        assertThat(vm.jvms()).extracting(LocalJvm::pid).containsExactly(5151L);
        vm.filterProperty().set("  ");
        assertThat(vm.jvms()).hasSize(2);
    }

    @Test
    void listingFailureBecomesAnInlineMessageAndKeepsThePreviousList() {
        connector.local = List.of(new LocalJvm(20, "orders-service", "21.0.2", true, null));
        vm.refresh();
        connector.listFailure = new IllegalStateException("attach API unavailable");

        vm.refresh();

        assertThat(vm.listMessageProperty().get()).contains("attach API unavailable");
        assertThat(vm.jvms()).hasSize(1);
    }

    @Test
    void emptyListSaysWhatToDo() {
        vm.refresh();
        assertThat(vm.listMessageProperty().get()).contains("No other Java processes").contains("demo");
    }

    @Test
    void attachHandsTheConnectionToTheShell() {
        vm.attach(new LocalJvm(20, "orders-service", "21.0.2", true, null), true);

        assertThat(connector.calls).containsExactly("attach 20 with probe");
        assertThat(connected).hasSize(1);
        assertThat(connected.get(0).connection().info().pid()).isEqualTo(20L);
        assertThat(vm.connectingProperty().get()).isNull();
    }

    @Test
    void guiPidWithYesAttachesToThatJvmWithTheProbe() {
        connector.local = List.of(new LocalJvm(20, "orders-service", "21.0.2", true, null),
                new LocalJvm(31, "billing", "17.0.9", true, null));

        vm.openPid(20, true);

        assertThat(vm.filterProperty().get()).isEqualTo("20");
        assertThat(connector.calls).containsExactly("list", "attach 20 with probe");
        assertThat(connected).hasSize(1);
    }

    @Test
    void guiPidWithoutYesOnlyShowsThatJvm() {
        connector.local = List.of(new LocalJvm(20, "orders-service", "21.0.2", true, null),
                new LocalJvm(31, "billing", "17.0.9", true, null));
        vm.refresh();

        vm.openPid(31, false);

        assertThat(vm.jvms()).extracting(LocalJvm::pid).containsExactly(31L);
        assertThat(connector.calls).containsExactly("list");
    }

    @Test
    void guiPidThatIsNoJvmHereIsAnErrorInWordsAndNothingIsSentToIt() {
        connector.local = List.of(new LocalJvm(20, "orders-service", "21.0.2", true, null));

        vm.openPid(1, true);

        assertThat(vm.attachErrorProperty().get()).isEqualTo("pid 1 is not a Java process on this machine that PoolScope can attach to.");
        assertThat(connector.calls).containsExactly("list");
        assertThat(connected).isEmpty();
    }

    @Test
    void attachWithoutProbeIsPassedOn() {
        vm.attach(new LocalJvm(20, "orders-service", "21.0.2", true, null), false);
        assertThat(connector.calls).containsExactly("attach 20 without probe");
    }

    @Test
    void attachFailureShowsTheConnectorMessageInline() {
        connector.connectFailure = new ConnectFailure(ConnectFailure.Reason.ATTACH_DISABLED,
                "pid 20 was started with -XX:+DisableAttachMechanism.");

        vm.attach(new LocalJvm(20, "orders-service", "21.0.2", true, null), true);

        assertThat(vm.attachErrorProperty().get()).isEqualTo("pid 20 was started with -XX:+DisableAttachMechanism.");
        assertThat(connected).isEmpty();
        assertThat(vm.busyBinding().get()).isFalse();
    }

    @Test
    void notAttachableJvmIsRefusedWithItsReasonWithoutCallingTheConnector() {
        vm.attach(new LocalJvm(30, "x", "17", false, "runs as another user"), true);

        assertThat(vm.attachErrorProperty().get()).contains("runs as another user");
        assertThat(connector.calls).isEmpty();
    }

    @Test
    void failedRemoteConnectKeepsTheInputAndShowsTheSpecificMessage() {
        connector.connectFailure = new ConnectFailure(ConnectFailure.Reason.AUTH_FAILED,
                "Authentication failed for user 'ops': check the username and password.");
        vm.remoteAddressProperty().set("db-host:9010");
        vm.remoteUserProperty().set("ops");
        vm.remoteSslProperty().set(true);

        vm.connectRemote("secret".toCharArray());

        assertThat(vm.remoteErrorProperty().get()).isEqualTo("Authentication failed for user 'ops': check the username and password.");
        assertThat(vm.remoteErrorReasonProperty().get()).isEqualTo(ConnectFailure.Reason.AUTH_FAILED);
        assertThat(vm.remoteAddressProperty().get()).isEqualTo("db-host:9010");
        assertThat(vm.remoteUserProperty().get()).isEqualTo("ops");
        assertThat(vm.remoteSslProperty().get()).isTrue();
        assertThat(connector.remoteTargets.get(0).ssl()).isTrue();
        assertThat(connector.remoteTargets.get(0).password()).containsExactly("secret".toCharArray());
    }

    @Test
    void aRemoteProbeJarIsLoadedAfterConnectingAndAFailureIsShownOnTheConnection() {
        javax.management.MBeanServer bare = javax.management.MBeanServerFactory.newMBeanServer();
        dev.poolscope.attach.Connector remote = new dev.poolscope.attach.Connector() {
            @Override
            public List<dev.poolscope.attach.LocalJvm> listLocal() {
                return List.of();
            }

            @Override
            public dev.poolscope.attach.TargetConnection attach(long pid, boolean loadProbe) {
                throw new UnsupportedOperationException();
            }

            @Override
            public dev.poolscope.attach.TargetConnection connect(dev.poolscope.attach.RemoteTarget target) {
                dev.poolscope.attach.TargetInfo info = new dev.poolscope.attach.TargetInfo(null, "svc", "21.0.2", target.address(),
                        dev.poolscope.attach.ProbeStatus.ABSENT, "not loaded");
                return new dev.poolscope.attach.TargetConnection() {
                    public javax.management.MBeanServerConnection mbeans() {
                        return bare;
                    }

                    public dev.poolscope.attach.TargetInfo info() {
                        return info;
                    }

                    public void close() {
                    }
                };
            }
        };
        StartViewModel remoteVm = new StartViewModel(remote, progress -> null, new SameThreadTaskExecutor(), connected::add);
        remoteVm.remoteAddressProperty().set("db-host:9010");
        remoteVm.remoteProbeJarProperty().set("/opt/poolscope/poolscope-probe.jar");

        remoteVm.connectRemote(new char[0]);

        assertThat(connected).hasSize(1);
        dev.poolscope.attach.TargetInfo info = connected.get(0).connection().info();
        assertThat(info.probe()).isEqualTo(dev.poolscope.attach.ProbeStatus.FAILED);
        assertThat(info.probeMessage()).contains("DiagnosticCommand").contains("-javaagent:/opt/poolscope/poolscope-probe.jar");
    }

    @Test
    void emptyRemoteAddressIsRejectedWithoutCallingTheConnector() {
        vm.remoteAddressProperty().set("   ");

        vm.connectRemote(new char[0]);

        assertThat(vm.remoteErrorProperty().get()).contains("host:port");
        assertThat(connector.calls).isEmpty();
    }

    @Test
    void successfulRemoteConnectClearsTheError() {
        connector.connectFailure = new ConnectFailure(ConnectFailure.Reason.REFUSED, "Connection refused by db-host:9010.");
        vm.remoteAddressProperty().set("db-host:9010");
        vm.connectRemote(new char[0]);
        connector.connectFailure = null;

        vm.connectRemote(new char[0]);

        assertThat(vm.remoteErrorProperty().get()).isNull();
        assertThat(connected).hasSize(1);
        assertThat(connected.get(0).connection().info().address()).isEqualTo("db-host:9010");
    }

    @Test
    void demoIsStartedThenAttachedWithTheProbe() {
        vm.startDemo();

        assertThat(demosStarted).hasValue(1);
        assertThat(connector.calls).containsExactly("attach 777 with probe");
        assertThat(connected).hasSize(1);
        assertThat(vm.demoRunningProperty().get()).isTrue();
        assertThat(vm.demo()).isSameAs(demo);
    }

    @Test
    void runningDemoIsReusedNotStartedTwice() {
        vm.startDemo();
        vm.startDemo();

        assertThat(demosStarted).hasValue(1);
        assertThat(connector.calls).containsExactly("attach 777 with probe", "attach 777 with probe");
    }

    @Test
    void demoAttachFailureKeepsTheDemoSoARetryOnlyAttaches() {
        connector.connectFailure = new ConnectFailure(ConnectFailure.Reason.TIMEOUT, "No answer after 5 s while attaching to pid 777.");

        vm.startDemo();

        assertThat(vm.demoErrorProperty().get()).contains("pid 777").contains("No answer after 5 s");
        assertThat(vm.demo()).isSameAs(demo);
        connector.connectFailure = null;
        vm.startDemo();
        assertThat(demosStarted).hasValue(1);
        assertThat(connected).hasSize(1);
    }

    @Test
    void demoStartFailureIsShownInline() {
        StartViewModel failing = new StartViewModel(connector, progress -> {
            throw new IllegalStateException("embedded PostgreSQL did not start within 60 s");
        }, new SameThreadTaskExecutor(), connected::add);

        failing.startDemo();

        assertThat(failing.demoErrorProperty().get())
                .isEqualTo("Could not start the demo: embedded PostgreSQL did not start within 60 s");
        assertThat(failing.busyBinding().get()).isFalse();
    }

    @Test
    void exitingWhileTheDemoStartsStopsItOnceItIsUp() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FakeDemo late = new FakeDemo(888);
        StartViewModel starting = new StartViewModel(connector, progress -> {
            release.await(10, TimeUnit.SECONDS);
            return late;
        }, new WorkerThreadTaskExecutor(), connected::add);
        starting.startDemo();

        Thread exiting = new Thread(() -> starting.stopDemo(Duration.ofSeconds(10)), "exiting");
        exiting.start();
        release.countDown();
        exiting.join(15_000);

        assertThat(exiting.isAlive()).isFalse();
        assertThat(late.closed).isTrue();
    }

    @Test
    void exitingStopsARunningDemo() {
        vm.startDemo();

        vm.stopDemo(Duration.ofSeconds(1));

        assertThat(demo.closed).isTrue();
    }

    /** Work on a thread of its own, callbacks right there: enough to be mid-start when the app exits. */
    private static final class WorkerThreadTaskExecutor implements TaskExecutor {
        @Override
        public <T> void submit(String name, java.util.concurrent.Callable<T> work,
                               java.util.function.Consumer<T> onSuccess, java.util.function.Consumer<Throwable> onFailure) {
            Thread t = new Thread(() -> {
                try {
                    onSuccess.accept(work.call());
                } catch (Exception e) {
                    onFailure.accept(e);
                }
            }, "test-worker " + name);
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void runOnUi(Runnable action) {
            action.run();
        }
    }

    @Test
    void confirmationWarnsAboutTheJep451MessageOnJava21Targets() {
        String text = StartViewModel.attachConfirmation(new LocalJvm(20, "orders-service", "21.0.2", true, null));
        assertThat(text).contains("read-only").contains("pid 20 (orders-service)").contains("JEP 451").contains("Java 21");
    }

    @Test
    void confirmationLeavesOutTheJep451NoteForOlderTargets() {
        String text = StartViewModel.attachConfirmation(new LocalJvm(20, "legacy", "1.8.0_392", true, null));
        assertThat(text).contains("read-only").doesNotContain("JEP 451");
    }

    @Test
    void majorVersionReadsOldAndNewVersionStrings() {
        assertThat(StartViewModel.majorVersion("1.8.0_392")).isEqualTo(8);
        assertThat(StartViewModel.majorVersion("21.0.2")).isEqualTo(21);
        assertThat(StartViewModel.majorVersion("17")).isEqualTo(17);
        assertThat(StartViewModel.majorVersion("unknown")).isNull();
    }

    private static final class FakeDemo implements DemoHandle {
        private final long pid;
        volatile boolean closed;

        FakeDemo(long pid) {
            this.pid = pid;
        }

        @Override
        public long servicePid() {
            return pid;
        }

        @Override
        public String jmxUrl() {
            return "service:jmx:rmi:///jndi/rmi://127.0.0.1:9999/jmxrmi";
        }

        @Override
        public String jdbcUrl() {
            return "jdbc:postgresql://127.0.0.1:5432/postgres";
        }

        @Override
        public boolean isAlive() {
            return !closed;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
