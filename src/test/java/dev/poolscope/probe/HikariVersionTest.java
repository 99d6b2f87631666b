package dev.poolscope.probe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;

/** The version of the real HikariCP jars, loaded the ways services load them. */
class HikariVersionTest {

    private static final Path IT_LIBS = Paths.get(System.getProperty("poolscope.itlibs", "target/it-libs"));

    @ParameterizedTest
    @ValueSource(strings = {"3.4.5", "4.0.3", "5.1.0", "6.3.3", "7.1.0"})
    void aPlainJarSaysItsVersion(String version) throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar(version).toUri().toURL()}, null)) {
            assertThat(HikariVersion.of(loader.loadClass("com.zaxxer.hikari.pool.HikariPool"))).isEqualTo(version);
        }
    }

    @Test
    void aSpringBootNestedJarSaysItsVersion(@TempDir Path dir) throws Exception {
        // An executable jar as Spring Boot 3.2+ builds it: the library stored (not deflated) under
        // BOOT-INF/lib, read through Boot's own "nested:" URL handler.
        Path app = dir.resolve("app.jar");
        byte[] hikari = Files.readAllBytes(jar("6.3.3"));
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(app))) {
            JarEntry entry = new JarEntry("BOOT-INF/lib/HikariCP-6.3.3.jar");
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(hikari.length);
            CRC32 crc = new CRC32();
            crc.update(hikari);
            entry.setCrc(crc.getValue());
            out.putNextEntry(entry);
            out.write(hikari);
            out.closeEntry();
        }
        org.springframework.boot.loader.net.protocol.Handlers.register();
        URL nested = new URL("jar:nested:" + app.toAbsolutePath() + "/!BOOT-INF/lib/HikariCP-6.3.3.jar!/");

        try (URLClassLoader loader = new URLClassLoader(new URL[] {nested}, null)) {
            Class<?> pool = loader.loadClass("com.zaxxer.hikari.pool.HikariPool");

            assertThat(pool.getProtectionDomain().getCodeSource().getLocation().getProtocol()).isEqualTo("jar");
            assertThat(HikariVersion.of(pool)).isEqualTo("6.3.3");
        }
    }

    @Test
    void theJarNameGivesTheVersionWhenTheJarHoldsNoMetadata() {
        assertThat(HikariVersion.fromJarName("jar:nested:/srv/app.jar/!BOOT-INF/lib/HikariCP-5.1.0.jar!/")).isEqualTo("5.1.0");
        assertThat(HikariVersion.fromJarName("jar:file:/srv/app.jar!/BOOT-INF/lib/HikariCP-java7-2.4.13.jar!/")).isEqualTo("2.4.13");
        assertThat(HikariVersion.fromJarName("jar:file:/srv/service-1.0.jar!/")).isNull();
    }

    private static Path jar(String version) {
        return IT_LIBS.resolve("HikariCP-" + version + ".jar");
    }
}
