package dev.poolscope.attach;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLinesTest {

    @Test
    void theMainClassAndItsArgumentsFollowTheLauncherOptions() {
        assertThat(CommandLines.mainOf(new String[] {"-Xmx1g", "-cp", "a.jar:b.jar", "-Dx=y", "com.acme.Main", "--port", "8080"}))
                .isEqualTo("com.acme.Main --port 8080");
    }

    @Test
    void anExecutableJarIsNamedByItsPath() {
        assertThat(CommandLines.mainOf(new String[] {"-XX:+UseG1GC", "-jar", "/app/service.jar", "serve"}))
                .isEqualTo("/app/service.jar serve");
    }

    @Test
    void aModuleMainIsNamedByModuleAndClass() {
        assertThat(CommandLines.mainOf(new String[] {"--module-path", "mods", "--add-modules", "x", "-m", "com.acme/com.acme.Main"}))
                .isEqualTo("com.acme/com.acme.Main");
    }

    @Test
    void onlyOptionsGiveNoName() {
        assertThat(CommandLines.mainOf(new String[] {"-version"})).isEqualTo("(unnamed JVM)");
    }
}
