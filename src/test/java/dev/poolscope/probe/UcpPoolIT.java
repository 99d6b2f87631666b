package dev.poolscope.probe;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * {@link UcpPoolSteps} once per Oracle UCP version, each in its own child JVM: the class path's
 * ucp11 23.26.4.0.0, and 23.6.0.24.10 from it-libs (the pom copies it; it has no
 * backgroundValidationInterval, which the doctor must notice).
 */
@ExtendWith(SharedDatabase.class)
class UcpPoolIT {

    @Nested
    @DisplayName("ucp11 23.26.4.0.0")
    class Ucp23_26 extends UcpPoolSteps {
        Ucp23_26() {
            super(List.of(), CLASS_PATH_UCP, "23.26", true);
        }
    }

    @Nested
    @DisplayName("ucp11 23.6.0.24.10")
    class Ucp23_6 extends UcpPoolSteps {
        Ucp23_6() {
            super(itLibs("ucp11-23.6.0.24.10.jar", "ojdbc11-23.6.0.24.10.jar"), List.of(), "23.6", false);
        }
    }

    private static List<Path> itLibs(String... jars) {
        Path dir = Paths.get(System.getProperty("poolscope.itlibs", "target/it-libs"), "ucp-23.6");
        return java.util.Arrays.stream(jars).map(dir::resolve).toList();
    }
}
