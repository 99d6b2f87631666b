package dev.poolscope.attach;

import dev.poolscope.attach.ProbeStatus;
import dev.poolscope.attach.TargetInfo;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.MBeanServerConnection;
import javax.management.MBeanServerFactory;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The failure paths that need no remote JVM: a real MBean server without the DiagnosticCommand MBean, JDK 8. */
class RemoteProbeLoaderTest {

    private final DeadlineRunner runner = new DeadlineRunner("test-probe-load");
    private final RemoteProbeLoader loader = new RemoteProbeLoader(runner, Duration.ofSeconds(5), Clock.systemUTC());

    private static TargetConnection connection(MBeanServerConnection mbs, String javaVersion) {
        TargetInfo info = new TargetInfo(null, "svc", javaVersion, "db-app-3:9010", ProbeStatus.ABSENT, "not loaded");
        return new TargetConnection() {
            @Override
            public MBeanServerConnection mbeans() {
                return mbs;
            }

            @Override
            public TargetInfo info() {
                return info;
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void aServerWithoutTheDiagnosticCommandMBeanIsToldToUseJavaagent() {
        MBeanServer bare = MBeanServerFactory.newMBeanServer();
        TargetConnection c = loader.load(connection(bare, "17.0.9"), "/opt/poolscope/poolscope-probe.jar");
        assertThat(c.info().probe()).isEqualTo(ProbeStatus.FAILED);
        assertThat(c.info().probeMessage()).contains("no com.sun.management:type=DiagnosticCommand MBean")
                .contains("-javaagent:/opt/poolscope/poolscope-probe.jar");
        runner.close();
    }

    @Test
    void aJava8TargetIsToldItHasNoAgentLoadCommand() {
        TargetConnection c = loader.load(connection(MBeanServerFactory.newMBeanServer(), "1.8.0_392"), "/opt/p/poolscope-probe.jar");
        assertThat(c.info().probeMessage()).contains("Java 8").contains("JDK 9+");
        runner.close();
    }

    @Test
    void knownAnswersOfJvmtiAgentLoadBecomeWhatToDo() {
        assertThat(RemoteProbeLoader.explain("Dynamic agent loading is not enabled. Use -XX:+EnableDynamicAgentLoading", "/p.jar"))
                .contains("does not allow loading agents at run time");
        assertThat(RemoteProbeLoader.explain("return code: 0", "/p.jar")).contains("did not answer");
    }
}
