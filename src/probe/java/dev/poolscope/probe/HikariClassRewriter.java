package dev.poolscope.probe;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Adds calls to {@code dev.poolscope.probe.boot.ProbeHooks} to two HikariCP classes. The methods
 * matched exist with these names in 3.4.5, 4.0.3, 5.1.0, 6.3.x and 7.1.0:
 * <ul>
 * <li>{@code HikariPool.getConnection(long)}: hook at entry, at every return (the proxy connection is
 * {@code DUP}ed) and in a catch-all handler appended last to the exception table, so the method's own
 * handlers still run first and every exception leaving the method is reported exactly once;</li>
 * <li>{@code PoolEntry.recycle()} (5.x+) and {@code recycle(long)} (3.x/4.x): hook just before their
 * only statement, the call of {@code HikariPool.recycle(this)} (its only caller in every version), so
 * it runs exactly where a hook at that method's entry would (release). In 5.x+ the hook is given
 * {@code lastAccessed}, which the method has just set to {@code ClockSource.currentTime()}: the
 * return's time without a second clock read;</li>
 * <li>{@code HikariPool.closeConnection(PoolEntry, String)}: hook at entry (release). HikariCP skips
 * {@code recycle} for a broken connection and closes evicted, retired and shut-down connections
 * here, so without this hook those leases would never be released;</li>
 * <li>{@code PoolEntry.createProxyConnection(..)}: hook at entry (lease, runs in the borrower thread);</li>
 * <li>{@code PoolEntry.<init>}: hook before return (connection created).</li>
 * </ul>
 * No local variables are added, so the existing stack map frames stay valid; the one new frame (the
 * handler) is written in full. Max stack grows by a constant, so no frame or max computation (which
 * would need to load classes) is done.
 */
final class HikariClassRewriter {

    static final String HIKARI_POOL = "com/zaxxer/hikari/pool/HikariPool";
    static final String POOL_ENTRY = "com/zaxxer/hikari/pool/PoolEntry";
    private static final String HOOKS = "dev/poolscope/probe/boot/ProbeHooks";
    private static final int EXTRA_STACK = 4;

    private HikariClassRewriter() {
    }

    static boolean isTarget(String internalName) {
        return HIKARI_POOL.equals(internalName) || POOL_ENTRY.equals(internalName);
    }

    /** Returns the rewritten class, or null when none of the expected methods was found. */
    static byte[] rewrite(byte[] classFile, String internalName) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        int[] matched = new int[1];
        ClassVisitor visitor = new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_STATIC)) != 0) {
                    return mv;
                }
                if (HIKARI_POOL.equals(internalName)) {
                    if ("getConnection".equals(name) && "(J)Ljava/sql/Connection;".equals(descriptor)) {
                        matched[0]++;
                        return new BorrowAdvice(mv, internalName);
                    }
                    if ("closeConnection".equals(name) && ("(L" + POOL_ENTRY + ";Ljava/lang/String;)V").equals(descriptor)) {
                        matched[0]++;
                        return new EntryCall(mv, "released", true);
                    }
                } else if (POOL_ENTRY.equals(internalName)) {
                    if ("recycle".equals(name) && ("()V".equals(descriptor) || "(J)V".equals(descriptor))) {
                        matched[0]++;
                        return new RecycleCall(mv, "()V".equals(descriptor));
                    }
                    if ("createProxyConnection".equals(name)) {
                        matched[0]++;
                        return new EntryCall(mv, "leased", false);
                    }
                    if ("<init>".equals(name)) {
                        matched[0]++;
                        return new ConstructorExit(mv);
                    }
                }
                return mv;
            }
        };
        reader.accept(visitor, 0);
        return matched[0] == 0 ? null : writer.toByteArray();
    }

    /** Calls {@code hook(this[, arg1])} at method entry. */
    private static final class EntryCall extends MethodVisitor {
        private final String hook;
        private final boolean passFirstArgument;

        EntryCall(MethodVisitor mv, String hook, boolean passFirstArgument) {
            super(Opcodes.ASM9, mv);
            this.hook = hook;
            this.passFirstArgument = passFirstArgument;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            super.visitVarInsn(Opcodes.ALOAD, 0);
            if (passFirstArgument) {
                super.visitVarInsn(Opcodes.ALOAD, 1);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, hook, "(Ljava/lang/Object;Ljava/lang/Object;)V", false);
            } else {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, hook, "(Ljava/lang/Object;)V", false);
            }
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(maxStack + EXTRA_STACK, maxLocals);
        }
    }

    /**
     * In {@code PoolEntry.recycle}: before {@code hikariPool.recycle(this)}, with [hikariPool, this] on
     * the stack, calls {@code returned(hikariPool, this, this.lastAccessed)} (5.x+, where the method
     * has just stored the clock there) or {@code released(hikariPool, this)} (3.x/4.x, where
     * lastAccessed is the proxy's last statement time, not the return's).
     */
    private static final class RecycleCall extends MethodVisitor {
        private final boolean lastAccessedIsNow;

        RecycleCall(MethodVisitor mv, boolean lastAccessedIsNow) {
            super(Opcodes.ASM9, mv);
            this.lastAccessedIsNow = lastAccessedIsNow;
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            if (opcode == Opcodes.INVOKEVIRTUAL && HIKARI_POOL.equals(owner) && "recycle".equals(name)
                    && ("(L" + POOL_ENTRY + ";)V").equals(descriptor)) {
                super.visitInsn(Opcodes.DUP2); // [pool, this, pool, this]
                if (lastAccessedIsNow) {
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                    super.visitFieldInsn(Opcodes.GETFIELD, POOL_ENTRY, "lastAccessed", "J");
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "returned", "(Ljava/lang/Object;Ljava/lang/Object;J)V", false);
                } else {
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "released", "(Ljava/lang/Object;Ljava/lang/Object;)V", false);
                }
            }
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(maxStack + EXTRA_STACK, maxLocals);
        }
    }

    /** Calls {@code created(this)} before every return of a constructor (this is initialised there). */
    private static final class ConstructorExit extends MethodVisitor {
        ConstructorExit(MethodVisitor mv) {
            super(Opcodes.ASM9, mv);
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode == Opcodes.RETURN) {
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "created", "(Ljava/lang/Object;)V", false);
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(maxStack + EXTRA_STACK, maxLocals);
        }
    }

    /** Entry, return and exceptional exit of {@code HikariPool.getConnection(long)}. */
    private static final class BorrowAdvice extends MethodVisitor {
        private final String owner;
        private final Label start = new Label();
        private final Label end = new Label();
        private final Label handler = new Label();

        BorrowAdvice(MethodVisitor mv, String owner) {
            super(Opcodes.ASM9, mv);
            this.owner = owner;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            super.visitVarInsn(Opcodes.ALOAD, 0);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "borrowStarted", "(Ljava/lang/Object;)V", false);
            super.visitLabel(start);
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode == Opcodes.ARETURN) {
                // [conn] -> [conn, conn] -> [conn, conn, this] -> [conn, this, conn] -> hook -> [conn]
                super.visitInsn(Opcodes.DUP);
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitInsn(Opcodes.SWAP);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "borrowEnded", "(Ljava/lang/Object;Ljava/lang/Object;)V", false);
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitLabel(end);
            super.visitLabel(handler);
            // Only the arguments are live here; later locals are simply not declared (TOP).
            super.visitFrame(Opcodes.F_FULL, 2, new Object[] {owner, Opcodes.LONG}, 1, new Object[] {"java/lang/Throwable"});
            super.visitInsn(Opcodes.DUP);
            super.visitVarInsn(Opcodes.ALOAD, 0);
            super.visitInsn(Opcodes.SWAP);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "borrowFailed", "(Ljava/lang/Object;Ljava/lang/Throwable;)V", false);
            super.visitInsn(Opcodes.ATHROW);
            // Appended after the method's own entries: its handlers keep precedence.
            super.visitTryCatchBlock(start, end, handler, null);
            super.visitMaxs(maxStack + EXTRA_STACK, maxLocals);
        }
    }
}
