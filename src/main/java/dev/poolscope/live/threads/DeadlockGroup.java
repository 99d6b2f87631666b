package dev.poolscope.live.threads;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Threads that wait for each other's locks: one cycle (or cycles sharing threads) of a deadlock. */
public record DeadlockGroup(List<Long> threadIds, List<String> threadNames) {

    public DeadlockGroup {
        threadIds = List.copyOf(threadIds);
        threadNames = List.copyOf(threadNames);
    }

    /**
     * Splits the threads findDeadlockedThreads reported into groups, following "waits for a lock owned
     * by" edges. Pure; groups and their members are ordered by thread id.
     */
    public static List<DeadlockGroup> of(Set<Long> deadlockedIds, List<ClassifiedThread> threads) {
        if (deadlockedIds.isEmpty()) {
            return List.of();
        }
        Map<Long, ClassifiedThread> byId = new HashMap<>();
        for (ClassifiedThread t : threads) {
            byId.put(t.id(), t);
        }
        Map<Long, Long> parent = new HashMap<>();
        for (long id : deadlockedIds) {
            parent.put(id, id);
        }
        for (long id : deadlockedIds) {
            ClassifiedThread t = byId.get(id);
            if (t != null && deadlockedIds.contains(t.classification().lockOwnerId())) {
                union(parent, id, t.classification().lockOwnerId());
            }
        }
        Map<Long, List<Long>> groups = new TreeMap<>();
        for (long id : new java.util.TreeSet<>(deadlockedIds)) {
            groups.computeIfAbsent(find(parent, id), k -> new ArrayList<>()).add(id);
        }
        List<DeadlockGroup> out = new ArrayList<>();
        for (List<Long> ids : groups.values()) {
            List<String> names = new ArrayList<>();
            for (long id : ids) {
                ClassifiedThread t = byId.get(id);
                names.add(t == null ? "#" + id : t.name());
            }
            out.add(new DeadlockGroup(ids, names));
        }
        out.sort((a, b) -> Long.compare(a.threadIds().get(0), b.threadIds().get(0)));
        return out;
    }

    private static long find(Map<Long, Long> parent, long id) {
        long root = id;
        while (parent.get(root) != root) {
            root = parent.get(root);
        }
        return root;
    }

    private static void union(Map<Long, Long> parent, long a, long b) {
        long ra = find(parent, a);
        long rb = find(parent, b);
        if (ra != rb) {
            parent.put(Math.max(ra, rb), Math.min(ra, rb));
        }
    }
}
