package dev.poolscope.probe;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rewriter on the real HikariCP classes of every version the probe supports: which hooks each
 * method calls, in which order, and that the JVM's verifier accepts the result (the class is
 * linked in a loader of its own). The clock forms are used only when the hooks in effect have them.
 */
class HikariClassRewriterTest {

    private static final Path IT_LIBS = Paths.get(System.getProperty("poolscope.itlibs", "target/it-libs"));
    private static final String HOOKS = "dev/poolscope/probe/boot/ProbeHooks";

    @ParameterizedTest
    @ValueSource(strings = {"3.4.5", "4.0.3", "5.1.0", "6.3.3", "7.1.0"})
    void everyVersionGetsTheClockFormsAndVerifies(String version) throws Exception {
        Path jar = IT_LIBS.resolve("HikariCP-" + version + ".jar");
        byte[] pool = HikariClassRewriter.rewrite(classBytes(jar, HikariClassRewriter.HIKARI_POOL), HikariClassRewriter.HIKARI_POOL);
        byte[] entry = HikariClassRewriter.rewrite(classBytes(jar, HikariClassRewriter.POOL_ENTRY), HikariClassRewriter.POOL_ENTRY);

        Map<String, List<String>> poolHooks = hookCalls(pool);
        assertThat(poolHooks.get("getConnection(J)Ljava/sql/Connection;"))
                .containsExactly("borrowStartedAt", "borrowEndedAt", "borrowFailed");
        assertThat(poolHooks.get("closeConnection(Lcom/zaxxer/hikari/pool/PoolEntry;Ljava/lang/String;)V")).containsExactly("released");
        Map<String, List<String>> entryHooks = hookCalls(entry);
        assertThat(entryHooks.entrySet()).anySatisfy(e -> {
            assertThat(e.getKey()).startsWith("createProxyConnection(");
            assertThat(e.getValue()).containsExactly("leasedAt");
        });
        boolean fivePlus = !version.startsWith("3.") && !version.startsWith("4.");
        assertThat(entryHooks.get(fivePlus ? "recycle()V" : "recycle(J)V")).containsExactly(fivePlus ? "returned" : "released");

        // The JVM's verifier: linking fails with a VerifyError on a bad stack map or stack depth.
        try (RewritingLoader loader = new RewritingLoader(jar, pool, entry)) {
            assertThat(Class.forName("com.zaxxer.hikari.pool.HikariPool", true, loader).getClassLoader()).isSameAs(loader);
            assertThat(Class.forName("com.zaxxer.hikari.pool.PoolEntry", true, loader).getClassLoader()).isSameAs(loader);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"4.0.3", "6.3.3"})
    void hooksOfAnOlderCopyWithoutTheClockFormsGetTheFormsItHas(String version) throws Exception {
        Path jar = IT_LIBS.resolve("HikariCP-" + version + ".jar");
        HikariClassRewriter.Hooks older = new HikariClassRewriter.Hooks(false, false);
        byte[] pool = HikariClassRewriter.rewrite(classBytes(jar, HikariClassRewriter.HIKARI_POOL), HikariClassRewriter.HIKARI_POOL, older);
        byte[] entry = HikariClassRewriter.rewrite(classBytes(jar, HikariClassRewriter.POOL_ENTRY), HikariClassRewriter.POOL_ENTRY, older);

        assertThat(hookCalls(pool).get("getConnection(J)Ljava/sql/Connection;"))
                .containsExactly("borrowStarted", "borrowEnded", "borrowFailed");
        assertThat(hookCalls(entry).values()).noneMatch(calls -> calls.contains("leasedAt") || calls.contains("returned"));
        try (RewritingLoader loader = new RewritingLoader(jar, pool, entry)) {
            Class.forName("com.zaxxer.hikari.pool.HikariPool", true, loader);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"6.3.3"})
    void theHooksOfThisProbeHaveEveryForm(String ignored) {
        HikariClassRewriter.Hooks hooks = HikariClassRewriter.Hooks.of(dev.poolscope.probe.boot.ProbeHooks.class);
        assertThat(hooks.clocks).isTrue();
        assertThat(hooks.returned).isTrue();
        assertThat(HikariClassRewriter.Hooks.of(Object.class).clocks).isFalse();
    }

    private static byte[] classBytes(Path jar, String internalName) throws IOException {
        try (JarFile file = new JarFile(jar.toFile()); InputStream in = file.getInputStream(file.getEntry(internalName + ".class"))) {
            return in.readAllBytes();
        }
    }

    /** Method name + descriptor → the ProbeHooks methods it calls, in code order. */
    private static Map<String, List<String>> hookCalls(byte[] classFile) {
        Map<String, List<String>> calls = new LinkedHashMap<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                List<String> list = new ArrayList<>();
                calls.put(name + descriptor, list);
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                        if (HOOKS.equals(owner)) {
                            list.add(method);
                        }
                    }
                };
            }
        }, 0);
        return calls;
    }

    /** Child-first for HikariCP and slf4j, defining the two rewritten classes; ProbeHooks from the test class path. */
    private static final class RewritingLoader extends URLClassLoader {
        private final byte[] pool;
        private final byte[] entry;

        RewritingLoader(Path jar, byte[] pool, byte[] entry) throws IOException {
            super(urls(jar), HikariClassRewriterTest.class.getClassLoader());
            this.pool = pool;
            this.entry = entry;
        }

        private static URL[] urls(Path jar) throws IOException {
            List<URL> urls = new ArrayList<>();
            urls.add(jar.toUri().toURL());
            try (var files = java.nio.file.Files.list(IT_LIBS)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    String n = p.getFileName().toString();
                    if (n.startsWith("slf4j-api-") || n.startsWith("slf4j-nop-")) {
                        urls.add(p.toUri().toURL());
                    }
                }
            }
            return urls.toArray(new URL[0]);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null && name.equals("com.zaxxer.hikari.pool.HikariPool")) {
                    c = defineClass(name, pool, 0, pool.length);
                } else if (c == null && name.equals("com.zaxxer.hikari.pool.PoolEntry")) {
                    c = defineClass(name, entry, 0, entry.length);
                } else if (c == null && (name.startsWith("com.zaxxer.") || name.startsWith("org.slf4j."))) {
                    c = findClass(name);
                }
                if (c == null) {
                    return super.loadClass(name, resolve);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }
}
