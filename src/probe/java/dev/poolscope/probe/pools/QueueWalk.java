package dev.poolscope.probe.pools;

import java.util.List;

/**
 * Lists the elements of a pool's internal queue without taking its lock, by following its node
 * links: the queues' iterators and toArray lock the queue, and a borrow would wait for that. The
 * read is racy (an element moving between two queues may be seen in both or in none: the next read
 * is right again) and bounded in steps, so a link changed under it can never loop it.
 */
final class QueueWalk {

    private static final int MAX_STEPS = 10_000;

    private final Reflect reflect;

    QueueWalk(Reflect reflect) {
        this.reflect = reflect;
    }

    /** Adds the elements of {@code queue} to {@code into}; false when its kind of queue is unknown. */
    boolean walk(Object queue, List<Object> into) {
        if (queue == null) {
            return false;
        }
        String type = queue.getClass().getName();
        if (type.equals("java.util.concurrent.LinkedBlockingQueue")) {
            // head is a dummy node; a dequeued node links to itself
            return follow(reflect.get(reflect.get(queue, "head"), "next"), into);
        }
        if (type.equals("java.util.LinkedList")) {
            return follow(reflect.get(queue, "first"), into);
        }
        Object items = reflect.get(queue, "items"); // Tomcat's FairBlockingQueue: a LinkedList under its lock
        if (items != null && items.getClass().getName().equals("java.util.LinkedList")) {
            return follow(reflect.get(items, "first"), into);
        }
        return false;
    }

    private boolean follow(Object node, List<Object> into) {
        for (int steps = 0; node != null && steps < MAX_STEPS; steps++) {
            Object item = reflect.get(node, "item");
            if (item != null) {
                into.add(item);
            }
            Object next = reflect.get(node, "next");
            if (next == node) {
                return true; // dequeued under us: the rest is read next time
            }
            node = next;
        }
        return true;
    }
}
