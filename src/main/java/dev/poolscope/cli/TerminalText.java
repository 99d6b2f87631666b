package dev.poolscope.cli;

import java.util.concurrent.TimeUnit;

/**
 * Fits report text to the terminal: a line wider than the terminal is broken at a space (never
 * inside a word, which is what the terminal itself does) and continues indented under its start.
 */
final class TerminalText {

    /** Used when the width cannot be learned (output piped, no tty): wide enough for the tables. */
    static final int DEFAULT_WIDTH = 120;
    private static final int CONTINUATION_INDENT = 4;

    private TerminalText() {
    }

    static String wrap(String text, int width) {
        StringBuilder out = new StringBuilder(text.length() + 64);
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            boolean last = end < 0;
            String line = text.substring(start, last ? text.length() : end);
            wrapLine(line, width, out);
            if (last) {
                break;
            }
            out.append('\n');
            start = end + 1;
        }
        return out.toString();
    }

    private static void wrapLine(String line, int width, StringBuilder out) {
        if (line.length() <= width || width < 20) {
            out.append(line);
            return;
        }
        int lead = 0;
        while (lead < line.length() && line.charAt(lead) == ' ') {
            lead++;
        }
        String indent = " ".repeat(Math.min(lead + CONTINUATION_INDENT, width / 2));
        String rest = line;
        boolean first = true;
        while (true) {
            String prefix = first ? "" : indent;
            int room = width - prefix.length();
            if (rest.length() <= room) {
                out.append(prefix).append(rest);
                return;
            }
            int cut = rest.lastIndexOf(' ', room);
            if (cut <= (first ? lead : 0)) {
                // One word longer than the line (a URL): keep it whole, the terminal may fold it.
                cut = rest.indexOf(' ', room);
                if (cut < 0) {
                    out.append(prefix).append(rest);
                    return;
                }
            }
            out.append(prefix).append(rest, 0, cut).append('\n');
            rest = rest.substring(cut).stripLeading();
            first = false;
        }
    }

    /** The terminal's width: $COLUMNS, else {@code stty size} on /dev/tty, else {@link #DEFAULT_WIDTH}. */
    static int width() {
        String columns = System.getenv("COLUMNS");
        if (columns != null && columns.matches("\\d{2,4}")) {
            return Integer.parseInt(columns);
        }
        if (System.console() == null) {
            return DEFAULT_WIDTH;
        }
        try {
            Process stty = new ProcessBuilder("sh", "-c", "stty size < /dev/tty").redirectErrorStream(true).start();
            if (!stty.waitFor(500, TimeUnit.MILLISECONDS)) {
                stty.destroyForcibly();
                return DEFAULT_WIDTH;
            }
            String[] rowsCols = new String(stty.getInputStream().readAllBytes()).trim().split("\\s+");
            if (rowsCols.length == 2 && rowsCols[1].matches("\\d{2,4}")) {
                return Integer.parseInt(rowsCols[1]);
            }
        } catch (java.io.IOException e) {
            return DEFAULT_WIDTH;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return DEFAULT_WIDTH;
    }
}
