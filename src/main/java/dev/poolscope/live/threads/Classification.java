package dev.poolscope.live.threads;


/**
 * What {@link ThreadClassifier} concluded about one thread.
 *
 * @param pool       pool name when the frames or thread name carry it (HikariCP's own threads), else null
 * @param lockInfo   the monitor or lock the thread waits for, as "class@identityHash", or null
 * @param lockOwner  the thread holding it, as "name (#id)", or null
 * @param detail     a short phrase for people, e.g. "socket read under org.postgresql", "HikariCP getConnection"
 * @param signature  what must stay the same between samples for the thread to count as stuck in one place:
 *                   category, top frame and the frame that decided the category
 */
public record Classification(
        ThreadCategory category,
        String pool,
        String lockInfo,
        String lockOwner,
        long lockOwnerId,
        String detail,
        String signature) {
}
