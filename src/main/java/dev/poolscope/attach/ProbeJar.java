package dev.poolscope.attach;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the probe agent jar that is loaded into target JVMs: the system property
 * {@code poolscope.probe.jar}, else {@code poolscope-probe.jar} beside the app's jar (a source build's
 * target/ and the installed app's lib dir both have it there).
 */
public final class ProbeJar {

    public static final String PROPERTY = "poolscope.probe.jar";
    public static final String FILE_NAME = "poolscope-probe.jar";

    private ProbeJar() {
    }

    public static Optional<Path> locate() {
        for (Path candidate : candidates()) {
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate.toAbsolutePath().normalize());
            }
        }
        return Optional.empty();
    }

    /** Where it was looked for, for the error message when it is missing. */
    public static List<Path> candidates() {
        List<Path> out = new ArrayList<>();
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) {
            out.add(Paths.get(prop));
        }
        try {
            Path codeSource = Paths.get(ProbeJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = Files.isDirectory(codeSource) ? codeSource.getParent() : codeSource.getParent();
            if (dir != null) {
                out.add(dir.resolve(FILE_NAME));
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // No code source (unusual class loader): fall back to the working directory below.
        }
        out.add(Paths.get("target", FILE_NAME));
        return out;
    }
}
