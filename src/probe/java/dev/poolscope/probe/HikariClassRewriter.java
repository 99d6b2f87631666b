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
 * <li>{@code HikariPool.getConnection(long)}: hook at the start, at every return (the proxy connection
 * is {@code DUP}ed) and in a catch-all handler appended last to the exception table, so the method's
 * own handlers still run first and every exception leaving the method is reported exactly once.
 * Where the method stores {@code ClockSource.currentTime()} in two locals, as every version above
 * does ({@code startTime} after {@code suspendResumeLock.acquire()}, then {@code now} once the bag
 * handed out an entry), the start hook follows the first store and is given it, and the return hook
 * is given the second and {@code aliveBypassWindowMs}: HikariCP's own clock reads, so the probe
 * reads none on a borrow that HikariCP did not validate. Otherwise the hooks take no clock, at the
 * method's entry and returns;</li>
 * <li>{@code PoolEntry.recycle()} (5.x+) and {@code recycle(long)} (3.x/4.x): hook just before their
 * only statement, the call of {@code HikariPool.recycle(this)} (its only caller in every version), so
 * it runs exactly where a hook at that method's entry would (release). In 5.x+ the hook is given
 * {@code lastAccessed}, which the method has just set to {@code ClockSource.currentTime()}: the
 * return's time without a second clock read;</li>
 * <li>{@code HikariPool.closeConnection(PoolEntry, String)}: hook at entry (release). HikariCP skips
 * {@code recycle} for a broken connection and closes evicted, retired and shut-down connections
 * here, so without this hook those leases would never be released;</li>
 * <li>{@code PoolEntry.createProxyConnection(..)}: hook at entry (lease, runs in the borrower thread),
 * given the entry's {@code lastAccessed};</li>
 * <li>{@code PoolEntry.<init>}: hook before return (connection created).</li>
 * </ul>
 * No local variables are added, so the existing stack map frames stay valid; the one new frame (the
 * handler) is written in full. Max stack grows by a constant, so no frame or max computation (which
 * would need to load classes) is done.
 *
 * <p>Hooks that pass clock values are used only when the {@code ProbeHooks} in effect has them
 * ({@link Hooks}): an older probe's copy, loaded first into this JVM, may not, and a call to a
 * missing method would throw into the pool.
 */
final class HikariClassRewriter {

    static final String HIKARI_POOL = "com/zaxxer/hikari/pool/HikariPool";
    static final String POOL_ENTRY = "com/zaxxer/hikari/pool/PoolEntry";
    private static final String HOOKS = "dev/poolscope/probe/boot/ProbeHooks";
    private static final int EXTRA_STACK = 8;

    private HikariClassRewriter() {
    }

    static boolean isTarget(String internalName) {
        return HIKARI_POOL.equals(internalName) || POOL_ENTRY.equals(internalName);
    }

    /** Which of the hooks this rewriter may call exist in the {@code ProbeHooks} class in effect. */
    static final class Hooks {
        /** Every hook: the hooks of this probe. */
        static final Hooks ALL = new Hooks(true, true);
        final boolean clocks;
        final boolean returned;

        Hooks(boolean clocks, boolean returned) {
            this.clocks = clocks;
            this.returned = returned;
        }

        static Hooks of(Class<?> hooksClass) {
            return new Hooks(has(hooksClass, "borrowStartedAt", Object.class, long.class)
                    && has(hooksClass, "borrowEndedAt", Object.class, Object.class, long.class, long.class)
                    && has(hooksClass, "leasedAt", Object.class, long.class),
                    has(hooksClass, "returned", Object.class, Object.class, long.class));
        }

        private static boolean has(Class<?> c, String name, Class<?>... parameters) {
            try {
                c.getMethod(name, parameters);
                return true;
            } catch (Throwable t) {
                return false;
            }
        }
    }

    /** Returns the rewritten class, or null when none of the expected methods was found. */
    static byte[] rewrite(byte[] classFile, String internalName) {
        return rewrite(classFile, internalName, Hooks.ALL);
    }

    static byte[] rewrite(byte[] classFile, String internalName, Hooks hooks) {
        ClassReader reader = new ClassReader(classFile);
        Shape shape = Shape.of(reader, internalName);
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
                    if (isGetConnection(name, descriptor)) {
                        matched[0]++;
                        return new BorrowAdvice(mv, internalName, hooks.clocks && shape.borrowClocks);
                    }
                    if ("closeConnection".equals(name) && ("(L" + POOL_ENTRY + ";Ljava/lang/String;)V").equals(descriptor)) {
                        matched[0]++;
                        return new EntryCall(mv, "released", true);
                    }
                } else if (POOL_ENTRY.equals(internalName)) {
                    if ("recycle".equals(name) && ("()V".equals(descriptor) || "(J)V".equals(descriptor))) {
                        matched[0]++;
                        return new RecycleCall(mv, "()V".equals(descriptor) && hooks.returned && shape.lastAccessed);
                    }
                    if ("createProxyConnection".equals(name)) {
                        matched[0]++;
                        return hooks.clocks && shape.lastAccessed ? new LeaseCall(mv) : new EntryCall(mv, "leased", false);
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

    private static boolean isGetConnection(String name, String descriptor) {
        return "getConnection".equals(name) && "(J)Ljava/sql/Connection;".equals(descriptor);
    }

    /** What a first read of the class found: the fields and clock stores the clock hooks rely on. */
    static final class Shape {
        /** getConnection stores the clock twice and the pool has {@code long aliveBypassWindowMs}. */
        boolean borrowClocks;
        /** PoolEntry has {@code long lastAccessed}. */
        boolean lastAccessed;

        static Shape of(ClassReader reader, String internalName) {
            Shape shape = new Shape();
            boolean[] bypassField = new boolean[1];
            int[] clockStores = new int[1];
            reader.accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public org.objectweb.asm.FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                    if ("J".equals(descriptor) && (access & Opcodes.ACC_STATIC) == 0) {
                        bypassField[0] |= HIKARI_POOL.equals(internalName) && "aliveBypassWindowMs".equals(name);
                        shape.lastAccessed |= POOL_ENTRY.equals(internalName) && "lastAccessed".equals(name);
                    }
                    return null;
                }

                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                    if (!HIKARI_POOL.equals(internalName) || !isGetConnection(name, descriptor)) {
                        return null;
                    }
                    return new ClockStores(null) {
                        @Override
                        void clockStored(int index, int var) {
                            clockStores[0] = index + 1;
                        }
                    };
                }
            }, ClassReader.SKIP_FRAMES);
            shape.borrowClocks = bypassField[0] && clockStores[0] >= 2;
            return shape;
        }
    }

    /**
     * Sees {@code INVOKESTATIC .../ClockSource.currentTime()J} directly followed by {@code LSTORE n}
     * (javac's form of {@code final long t = currentTime();}) and reports each such store after
     * passing it on. Any other instruction between the two breaks the pattern.
     */
    private abstract static class ClockStores extends MethodVisitor {
        private boolean clockOnStack;
        private int stores;

        ClockStores(MethodVisitor mv) {
            super(Opcodes.ASM9, mv);
        }

        /** Called after the {@code index}th (from 0) clock store, into local {@code var}. */
        abstract void clockStored(int index, int var);

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            clockOnStack = opcode == Opcodes.INVOKESTATIC && owner.endsWith("/ClockSource")
                    && "currentTime".equals(name) && "()J".equals(descriptor);
        }

        @Override
        public void visitVarInsn(int opcode, int var) {
            boolean clockStore = clockOnStack && opcode == Opcodes.LSTORE;
            clockOnStack = false;
            super.visitVarInsn(opcode, var);
            if (clockStore) {
                clockStored(stores++, var);
            }
        }

        @Override
        public void visitInsn(int opcode) {
            clockOnStack = false;
            super.visitInsn(opcode);
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            clockOnStack = false;
            super.visitIntInsn(opcode, operand);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            clockOnStack = false;
            super.visitTypeInsn(opcode, type);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            clockOnStack = false;
            super.visitFieldInsn(opcode, owner, name, descriptor);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, org.objectweb.asm.Handle bsm, Object... bsmArgs) {
            clockOnStack = false;
            super.visitInvokeDynamicInsn(name, descriptor, bsm, bsmArgs);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            clockOnStack = false;
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitLdcInsn(Object value) {
            clockOnStack = false;
            super.visitLdcInsn(value);
        }

        @Override
        public void visitIincInsn(int var, int increment) {
            clockOnStack = false;
            super.visitIincInsn(var, increment);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            clockOnStack = false;
            super.visitTableSwitchInsn(min, max, dflt, labels);
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            clockOnStack = false;
            super.visitLookupSwitchInsn(dflt, keys, labels);
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
            clockOnStack = false;
            super.visitMultiANewArrayInsn(descriptor, numDimensions);
        }
    }

    /** In {@code createProxyConnection}: {@code leasedAt(this, this.lastAccessed)} at entry. */
    private static final class LeaseCall extends MethodVisitor {
        LeaseCall(MethodVisitor mv) {
            super(Opcodes.ASM9, mv);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            super.visitVarInsn(Opcodes.ALOAD, 0);
            super.visitVarInsn(Opcodes.ALOAD, 0);
            super.visitFieldInsn(Opcodes.GETFIELD, POOL_ENTRY, "lastAccessed", "J");
            super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "leasedAt", "(Ljava/lang/Object;J)V", false);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(maxStack + EXTRA_STACK, maxLocals);
        }
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

    /**
     * Start, return and exceptional exit of {@code HikariPool.getConnection(long)}. With {@code
     * clocks}, the start hook follows the first clock store and the return hook is given the second
     * local and {@code aliveBypassWindowMs}; the catch-all range begins after the start hook, so an
     * exception thrown before it (from {@code suspendResumeLock.acquire()}) is not reported as a
     * failed borrow that never started.
     */
    private static final class BorrowAdvice extends ClockStores {
        private final String owner;
        private final boolean clocks;
        private final Label start = new Label();
        private final Label end = new Label();
        private final Label handler = new Label();
        private int nowVar = -1;

        BorrowAdvice(MethodVisitor mv, String owner, boolean clocks) {
            super(mv);
            this.owner = owner;
            this.clocks = clocks;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            if (!clocks) {
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "borrowStarted", "(Ljava/lang/Object;)V", false);
                super.visitLabel(start);
            }
        }

        @Override
        void clockStored(int index, int var) {
            if (!clocks) {
                return;
            }
            if (index == 0) {
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitVarInsn(Opcodes.LLOAD, var);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "borrowStartedAt", "(Ljava/lang/Object;J)V", false);
                mv.visitLabel(start);
            } else if (index == 1) {
                nowVar = var;
            }
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode == Opcodes.ARETURN) {
                // [conn] -> [conn, conn] -> [conn, conn, this] -> [conn, this, conn] -> hook -> [conn]
                mv.visitInsn(Opcodes.DUP);
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitInsn(Opcodes.SWAP);
                if (clocks && nowVar >= 0) {
                    // ... [conn, this, conn, now, aliveBypassWindowMs] -> hook -> [conn]
                    mv.visitVarInsn(Opcodes.LLOAD, nowVar);
                    mv.visitVarInsn(Opcodes.ALOAD, 0);
                    mv.visitFieldInsn(Opcodes.GETFIELD, owner, "aliveBypassWindowMs", "J");
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "borrowEndedAt", "(Ljava/lang/Object;Ljava/lang/Object;JJ)V", false);
                } else {
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "borrowEnded", "(Ljava/lang/Object;Ljava/lang/Object;)V", false);
                }
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            mv.visitLabel(end);
            mv.visitLabel(handler);
            // Only the arguments are live here; later locals are simply not declared (TOP).
            mv.visitFrame(Opcodes.F_FULL, 2, new Object[] {owner, Opcodes.LONG}, 1, new Object[] {"java/lang/Throwable"});
            mv.visitInsn(Opcodes.DUP);
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitInsn(Opcodes.SWAP);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "borrowFailed", "(Ljava/lang/Object;Ljava/lang/Throwable;)V", false);
            mv.visitInsn(Opcodes.ATHROW);
            // Appended after the method's own entries: its handlers keep precedence.
            mv.visitTryCatchBlock(start, end, handler, null);
            super.visitMaxs(maxStack + EXTRA_STACK, maxLocals);
        }
    }
}
