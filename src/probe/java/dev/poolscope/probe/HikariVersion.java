package dev.poolscope.probe;

import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HikariCP version a pool class came from. Found through the class's own resource URL, so it
 * works wherever the class loader can find the class: a plain jar, a Spring Boot 3.2+ executable
 * jar ({@code jar:nested:/app.jar/!BOOT-INF/lib/HikariCP-5.1.0.jar!/...}), older Boot loaders
 * ({@code jar:file:/app.jar!/BOOT-INF/lib/...!/}), a shaded jar with relocated packages. In order:
 * the jar's Maven pom.properties, its manifest, the version in the jar's file name, the package.
 */
final class HikariVersion {

    static final String UNKNOWN = "unknown";

    private static final String POM = "META-INF/maven/com.zaxxer/HikariCP/pom.properties";
    private static final String MANIFEST = "META-INF/MANIFEST.MF";
    /** "HikariCP-5.1.0.jar", "HikariCP-java7-2.4.13.jar", "hikaricp-6.3.3.jar". */
    private static final Pattern JAR_NAME = Pattern.compile("(?i)hikaricp(?:-java\\d+)?-(\\d+(?:\\.\\d+)+[^/!]*?)\\.jar");

    private HikariVersion() {
    }

    static String of(Class<?> poolClass) {
        return of(poolClass, POM, "hikari", JAR_NAME);
    }

    /**
     * The version of another pool library, by its Maven coordinates {@code groupId/artifactId}: the
     * same sources in the same order (pom.properties, the library's own manifest, the jar's name,
     * the package).
     */
    static String of(Class<?> libraryClass, String artifact) {
        String artifactId = artifact.substring(artifact.indexOf('/') + 1);
        return of(libraryClass, "META-INF/maven/" + artifact + "/pom.properties", artifactId,
                Pattern.compile("(?i)" + Pattern.quote(artifactId) + "-(\\d+(?:\\.\\d+)+[^/!]*?)\\.jar"));
    }

    private static String of(Class<?> poolClass, String pom, String bundleHint, Pattern jarName) {
        try {
            String classFile = poolClass.getName().replace('.', '/') + ".class";
            URL self = poolClass.getClassLoader() == null ? null : poolClass.getClassLoader().getResource(classFile);
            String root = self == null ? null : rootOf(self.toString(), classFile);
            if (root != null) {
                String v = fromPom(root, pom);
                if (v == null) {
                    v = fromManifest(root, bundleHint);
                }
                if (v == null) {
                    v = fromJarName(root, jarName);
                }
                if (v != null) {
                    return v;
                }
            }
            return fromPackage(poolClass);
        } catch (Throwable t) {
            return UNKNOWN;
        }
    }

    /** The URL of the class's jar (or directory) root, with a trailing '/', or null if it cannot be told. */
    static String rootOf(String classUrl, String classFile) {
        if (!classUrl.endsWith(classFile)) {
            return null;
        }
        return classUrl.substring(0, classUrl.length() - classFile.length());
    }

    static String fromJarName(String root) {
        return fromJarName(root, JAR_NAME);
    }

    private static String fromJarName(String root, Pattern jarName) {
        // The innermost jar: the last name ending in .jar before the root's "!/".
        Matcher m = jarName.matcher(root);
        String version = null;
        while (m.find()) {
            version = m.group(1);
        }
        return version;
    }

    private static String fromPom(String root, String pom) throws Exception {
        InputStream in = open(root + pom);
        if (in == null) {
            return null;
        }
        try {
            Properties p = new Properties();
            p.load(in);
            return trimmed(p.getProperty("version"));
        } finally {
            in.close();
        }
    }

    private static String fromManifest(String root, String bundleHint) throws Exception {
        InputStream in = open(root + MANIFEST);
        if (in == null) {
            return null;
        }
        try {
            Attributes main = new Manifest(in).getMainAttributes();
            // A shaded application jar's manifest names the application, not the library: only
            // trust a manifest whose bundle is the library (names compared without '-' and '.').
            String name = main.getValue("Bundle-SymbolicName");
            if (name == null || !squeezed(name).contains(squeezed(bundleHint))) {
                return null;
            }
            String v = trimmed(main.getValue("Bundle-Version"));
            return v != null ? v : trimmed(main.getValue("Implementation-Version"));
        } finally {
            in.close();
        }
    }

    /** Opens a resource without caching (a cached JarFile would stay open in the target); null if absent. */
    private static InputStream open(String url) {
        try {
            URLConnection c = new URL(url).openConnection();
            c.setUseCaches(false);
            return c.getInputStream();
        } catch (Exception e) {
            return null;
        }
    }

    private static String squeezed(String name) {
        return name.toLowerCase(java.util.Locale.ROOT).replace("-", "").replace(".", "");
    }

    private static String trimmed(String v) {
        return v == null || v.trim().isEmpty() ? null : v.trim();
    }

    private static String fromPackage(Class<?> poolClass) {
        Package p = poolClass.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? UNKNOWN : v;
    }
}
