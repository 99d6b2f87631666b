package dev.poolscope.probe.pools;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import java.util.List;

/**
 * Inserts calls to the bootstrap hooks at the {@link HookPoint}s of one class, the way
 * {@code HikariClassRewriter} does for HikariCP: no locals are added, so existing stack map frames
 * stay valid; the one new frame (the catch-all handler of a borrow, appended last to the exception
 * table so the method's own handlers run first) holds only the arguments and is written in full.
 */
final class PoolClassRewriter {

    private static final String HOOKS = "dev/poolscope/probe/boot/ProbeHooks";
    private static final int EXTRA_STACK = 4;

    private PoolClassRewriter() {
    }

    /** The rewritten class, or null when none of the points was found in it. */
    static byte[] rewrite(byte[] classFile, final String internalName, final List<HookPoint> points) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        final int[] matched = new int[1];
        ClassVisitor visitor = new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_STATIC)) != 0) {
                    return mv;
                }
                for (HookPoint p : points) {
                    if (p.owner.equals(internalName) && p.matches(name, descriptor)) {
                        matched[0]++;
                        mv = advice(mv, p, descriptor);
                    }
                }
                return mv;
            }
        };
        reader.accept(visitor, 0);
        return matched[0] == 0 ? null : writer.toByteArray();
    }

    private static MethodVisitor advice(MethodVisitor mv, HookPoint p, String descriptor) {
        switch (p.what) {
            case BORROW:
                return new Borrow(mv, p, descriptor);
            case LEASE:
            case RELEASE:
            case SEEN:
                return new AtEntry(mv, p);
            case CREATED_RESULT:
                return new AtReturn(mv, Opcodes.ARETURN, "created");
            case LEASE_RESULT:
                return new AtReturn(mv, Opcodes.ARETURN, "leased");
            default:
                return new AtReturn(mv, Opcodes.RETURN, "created");
        }
    }

    private static void pushPool(MethodVisitor mv, HookPoint p) {
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        if (p.poolField != null) {
            mv.visitFieldInsn(Opcodes.GETFIELD, p.owner, p.poolField, p.poolFieldDescriptor);
        }
    }

    /** leased(entry), released(pool, entry) or poolSeen(pool) at method entry. */
    private static final class AtEntry extends MethodVisitor {
        private final HookPoint p;

        AtEntry(MethodVisitor mv, HookPoint p) {
            super(Opcodes.ASM9, mv);
            this.p = p;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            if (p.what == HookPoint.What.LEASE) {
                super.visitVarInsn(Opcodes.ALOAD, p.entrySlot);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "leased", "(Ljava/lang/Object;)V", false);
            } else if (p.what == HookPoint.What.SEEN) {
                pushPool(mv, p);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "poolSeen", "(Ljava/lang/Object;)V", false);
            } else {
                pushPool(mv, p);
                super.visitVarInsn(Opcodes.ALOAD, p.entrySlot);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "released",
                        "(Ljava/lang/Object;Ljava/lang/Object;)V", false);
            }
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(maxStack + EXTRA_STACK, maxLocals);
        }
    }

    /** created(result) / leased(result) before ARETURN, or created(this) before a constructor's RETURN. */
    private static final class AtReturn extends MethodVisitor {
        private final int opcode;
        private final String hook;

        AtReturn(MethodVisitor mv, int opcode, String hook) {
            super(Opcodes.ASM9, mv);
            this.opcode = opcode;
            this.hook = hook;
        }

        @Override
        public void visitInsn(int op) {
            if (op == opcode) {
                if (op == Opcodes.ARETURN) {
                    super.visitInsn(Opcodes.DUP);
                } else {
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                }
                super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, hook, "(Ljava/lang/Object;)V", false);
            }
            super.visitInsn(op);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(maxStack + EXTRA_STACK, maxLocals);
        }
    }

    /** Entry, every return and the exceptional exit of a borrow method. */
    private static final class Borrow extends MethodVisitor {
        private final HookPoint p;
        private final Object[] argumentFrame;
        private final Label start = new Label();
        private final Label end = new Label();
        private final Label handler = new Label();

        Borrow(MethodVisitor mv, HookPoint p, String descriptor) {
            super(Opcodes.ASM9, mv);
            this.p = p;
            Type[] args = Type.getArgumentTypes(descriptor);
            argumentFrame = new Object[args.length + 1];
            argumentFrame[0] = p.owner;
            for (int i = 0; i < args.length; i++) {
                argumentFrame[i + 1] = frameType(args[i]);
            }
        }

        private static Object frameType(Type t) {
            switch (t.getSort()) {
                case Type.BOOLEAN:
                case Type.BYTE:
                case Type.CHAR:
                case Type.SHORT:
                case Type.INT:
                    return Opcodes.INTEGER;
                case Type.LONG:
                    return Opcodes.LONG;
                case Type.FLOAT:
                    return Opcodes.FLOAT;
                case Type.DOUBLE:
                    return Opcodes.DOUBLE;
                case Type.ARRAY:
                    return t.getDescriptor();
                default:
                    return t.getInternalName();
            }
        }

        @Override
        public void visitCode() {
            super.visitCode();
            pushPool(mv, p);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "borrowStarted", "(Ljava/lang/Object;)V", false);
            super.visitLabel(start);
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode == Opcodes.ARETURN) {
                // [conn] -> [conn, conn] -> [conn, conn, pool] -> [conn, pool, conn] -> hook -> [conn]
                super.visitInsn(Opcodes.DUP);
                pushPool(mv, p);
                super.visitInsn(Opcodes.SWAP);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "borrowEnded",
                        "(Ljava/lang/Object;Ljava/lang/Object;)V", false);
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitLabel(end);
            super.visitLabel(handler);
            super.visitFrame(Opcodes.F_FULL, argumentFrame.length, argumentFrame, 1, new Object[] {"java/lang/Throwable"});
            super.visitInsn(Opcodes.DUP);
            pushPool(mv, p);
            super.visitInsn(Opcodes.SWAP);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "borrowFailed",
                    "(Ljava/lang/Object;Ljava/lang/Throwable;)V", false);
            super.visitInsn(Opcodes.ATHROW);
            super.visitTryCatchBlock(start, end, handler, null);
            super.visitMaxs(maxStack + EXTRA_STACK, maxLocals);
        }
    }
}
