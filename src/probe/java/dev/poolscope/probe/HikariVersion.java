package dev.poolscope.probe;

import java.io.File;
import java.io.InputStream;
import java.net.URL;
import java.security.CodeSource;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/** The HikariCP version a pool class came from: its jar's Maven pom.properties, else its manifest. */
final class HikariVersion {

    static final String UNKNOWN = "unknown";

    private HikariVersion() {
    }

    static String of(Class<?> poolClass) {
        try {
            CodeSource source = poolClass.getProtectionDomain().getCodeSource();
            URL location = source == null ? null : source.getLocation();
            if (location == null || !"file".equals(location.getProtocol())) {
                return fromPackage(poolClass);
            }
            File file = new File(location.toURI());
            if (!file.isFile()) {
                return fromPackage(poolClass);
            }
            JarFile jar = new JarFile(file);
            try {
                ZipEntry pom = jar.getEntry("META-INF/maven/com.zaxxer/HikariCP/pom.properties");
                if (pom != null) {
                    Properties p = new Properties();
                    InputStream in = jar.getInputStream(pom);
                    try {
                        p.load(in);
                    } finally {
                        in.close();
                    }
                    String v = p.getProperty("version");
                    if (v != null && !v.trim().isEmpty()) {
                        return v.trim();
                    }
                }
                if (jar.getManifest() != null) {
                    Attributes main = jar.getManifest().getMainAttributes();
                    String v = main.getValue("Bundle-Version");
                    if (v == null) {
                        v = main.getValue("Implementation-Version");
                    }
                    if (v != null) {
                        return v.trim();
                    }
                }
            } finally {
                jar.close();
            }
            return fromPackage(poolClass);
        } catch (Throwable t) {
            return UNKNOWN;
        }
    }

    private static String fromPackage(Class<?> poolClass) {
        Package p = poolClass.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? UNKNOWN : v;
    }
}
