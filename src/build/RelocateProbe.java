import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Build step (run by Maven in source-file mode): makes target/poolscope-probe.jar from the compiled
 * probe classes and ASM, with ASM relocated under dev.poolscope.probe.internal.asm so it can never
 * clash with an ASM the target JVM already has. The hooks ({@code dev.poolscope.probe.boot}) sit in the
 * same jar and are loaded from it by the system class loader: no nested jar to extract into the target's
 * java.io.tmpdir (read-only on many containers) and no bootstrap-path append, which would make the
 * target print a CDS warning (docs/decisions/0004-probe-hooks-on-the-system-class-loader.md).
 *
 * usage: RelocateProbe PROBE_CLASSES_DIR ASM_JAR OUT_JAR VERSION
 */
public final class RelocateProbe {

    private static final String FROM = "org/objectweb/asm/";
    private static final String TO = "dev/poolscope/probe/internal/asm/";

    public static void main(String[] args) throws IOException {
        Path classes = Paths.get(args[0]);
        Path asmJar = Paths.get(args[1]);
        Path out = Paths.get(args[2]);
        String version = args[3];
        Remapper remapper = new Remapper() {
            @Override
            public String map(String internalName) {
                return internalName.startsWith(FROM) ? TO + internalName.substring(FROM.length()) : internalName;
            }
        };

        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = new ArrayList<>(walk.filter(Files::isRegularFile).toList());
        }
        Collections.sort(files);

        Manifest manifest = manifest(version);
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(out), manifest)) {
            for (Path f : files) {
                String name = classes.relativize(f).toString().replace('\\', '/');
                byte[] bytes = Files.readAllBytes(f);
                put(jar, name, name.endsWith(".class") ? relocate(bytes, remapper) : bytes);
            }
            try (JarFile asm = new JarFile(asmJar.toFile())) {
                for (JarEntry e : Collections.list(asm.entries())) {
                    String n = e.getName();
                    if (n.startsWith(FROM) && n.endsWith(".class")) {
                        try (InputStream in = asm.getInputStream(e)) {
                            put(jar, TO + n.substring(FROM.length()), relocate(in.readAllBytes(), remapper));
                        }
                    }
                }
            }
        }
        System.out.println("RelocateProbe: wrote " + out + " (" + Files.size(out) / 1024 + " KiB)");
    }

    private static Manifest manifest(String version) {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (version != null) {
            a.putValue("Premain-Class", "dev.poolscope.probe.ProbeAgent");
            a.putValue("Agent-Class", "dev.poolscope.probe.ProbeAgent");
            a.putValue("Can-Retransform-Classes", "true");
            a.putValue("Can-Redefine-Classes", "false");
            a.putValue("Implementation-Title", "PoolScope probe");
            a.putValue("Implementation-Version", version);
        }
        return m;
    }

    private static byte[] relocate(byte[] classBytes, Remapper remapper) {
        ClassReader reader = new ClassReader(classBytes);
        ClassWriter writer = new ClassWriter(0);
        reader.accept(new ClassRemapper(writer, remapper), 0);
        return writer.toByteArray();
    }

    private static void put(JarOutputStream jar, String name, byte[] bytes) throws IOException {
        JarEntry e = new JarEntry(name);
        e.setTime(0); // reproducible jar
        jar.putNextEntry(e);
        jar.write(bytes);
        jar.closeEntry();
    }
}
