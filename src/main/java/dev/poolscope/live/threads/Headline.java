package dev.poolscope.live.threads;

/**
 * The one-sentence statement of what is wrong, for the top of the threads panel and the CLI.
 *
 * @param problem     e.g. "12 threads stuck in socket reads for > 60 s on pool orders-db; 8 waiting for a connection"
 * @param explanation the likely cause, in one or two sentences
 * @param setting     what to change, or null when no setting helps (a deadlock is fixed in code)
 */
public record Headline(Severity severity, String problem, String explanation, String setting) {

    public enum Severity { OK, WARNING, CRITICAL }
}
