package dev.poolscope.probe.pools;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Rewrites the borrow/return classes of every {@link PoolAdapter}'s library when they are loaded or
 * retransformed. Leaves a class untouched when its loader does not see the bootstrap hooks (the
 * rewritten code would fail there). Runs for every class the JVM loads, so the first test is one
 * lookup in a map built up front.
 */
public final class PoolClassTransformer implements ClassFileTransformer {

    private static final int MAX_NOTES = 20;

    private final Class<?> hooksClass;
    private final Map<String, List<HookPoint>> pointsByOwner = new HashMap<String, List<HookPoint>>();
    private final Map<String, String> kindByOwner = new HashMap<String, String>();
    /** kind + loader of the classes rewritten, to tell a pool whether its borrows are observed. */
    private final Map<ClassLoader, List<String>> instrumentedKinds = new WeakHashMap<ClassLoader, List<String>>();
    private final List<String> failures = new CopyOnWriteArrayList<String>();
    private final List<String> skipped = new CopyOnWriteArrayList<String>();

    public PoolClassTransformer(Class<?> hooksClass, List<PoolAdapter> adapters) {
        this.hooksClass = hooksClass;
        boolean canSee = hasPoolSeen(hooksClass);
        for (PoolAdapter a : adapters) {
            for (HookPoint p : a.hookPoints()) {
                if (p.what == HookPoint.What.SEEN && !canSee) {
                    continue; // an older copy of the hooks is in effect: calling poolSeen would throw
                }
                List<HookPoint> list = pointsByOwner.get(p.owner);
                if (list == null) {
                    list = new ArrayList<HookPoint>();
                    pointsByOwner.put(p.owner, list);
                }
                list.add(p);
                kindByOwner.put(p.owner, a.kind());
            }
        }
    }

    /** Whether {@code dotted} (a loaded class's name) is one this transformer rewrites. */
    public boolean isTarget(String dotted) {
        return pointsByOwner.containsKey(dotted.replace('.', '/'));
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (className == null) {
            return null;
        }
        List<HookPoint> points = pointsByOwner.get(className);
        if (points == null) {
            return null;
        }
        try {
            if (!hooksVisibleFrom(loader)) {
                note(skipped, className + " in " + loader + ": its class loader does not see the bootstrap class path");
                return null;
            }
            byte[] result = PoolClassRewriter.rewrite(classfileBuffer, className, points);
            if (result == null) {
                note(skipped, className + ": none of the expected methods found (another version?)");
                return null;
            }
            synchronized (instrumentedKinds) {
                List<String> kinds = instrumentedKinds.get(loader);
                if (kinds == null) {
                    kinds = new ArrayList<String>();
                    instrumentedKinds.put(loader, kinds);
                }
                if (!kinds.contains(kindByOwner.get(className))) {
                    kinds.add(kindByOwner.get(className));
                }
            }
            return result;
        } catch (Throwable t) {
            note(failures, className + ": " + t);
            return null;
        }
    }

    /** Whether classes of {@code kind} loaded by {@code poolClass}'s loader carry the hooks. */
    public boolean instrumented(String kind, Class<?> poolClass) {
        synchronized (instrumentedKinds) {
            List<String> kinds = instrumentedKinds.get(poolClass.getClassLoader());
            return kinds != null && kinds.contains(kind);
        }
    }

    public List<String> failures() {
        return failures;
    }

    public List<String> skipped() {
        return skipped;
    }

    private static void note(List<String> notes, String note) {
        if (notes.size() < MAX_NOTES) {
            notes.add(note);
        }
    }

    private static boolean hasPoolSeen(Class<?> hooks) {
        try {
            hooks.getMethod("poolSeen", Object.class);
            return true;
        } catch (Throwable t) {
            return false;
        }
    }

    private boolean hooksVisibleFrom(ClassLoader loader) {
        try {
            return Class.forName(hooksClass.getName(), false, loader) == hooksClass;
        } catch (Throwable t) {
            return false;
        }
    }
}
