package dev.poolscope;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The window's start says in words when it cannot open, instead of the toolkit's stack trace. */
class MainTest {

    @Test
    void aLinuxSessionWithoutDisplayIsToldToUseTheCommands() {
        String reason = Main.noDisplayReason("Linux", Map.of("TERM", "xterm"));
        assertThat(reason).contains("needs a display").contains("DISPLAY and WAYLAND_DISPLAY are not set")
                .contains("snapshot --pid N").contains("ssh -X");
    }

    @Test
    void anX11OrWaylandDisplayIsEnough() {
        assertThat(Main.noDisplayReason("Linux", Map.of("DISPLAY", ":0"))).isNull();
        assertThat(Main.noDisplayReason("Linux", Map.of("WAYLAND_DISPLAY", "wayland-0"))).isNull();
    }

    @Test
    void aBlankDisplayIsNoDisplay() {
        assertThat(Main.noDisplayReason("Linux", Map.of("DISPLAY", " "))).isNotNull();
    }

    @Test
    void otherSystemsAlwaysHaveTheirWindowSystem() {
        assertThat(Main.noDisplayReason("Mac OS X", Map.of())).isNull();
        assertThat(Main.noDisplayReason("Windows 11", Map.of())).isNull();
    }
}
