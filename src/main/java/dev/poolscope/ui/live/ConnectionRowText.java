package dev.poolscope.ui.live;

import dev.poolscope.live.ConnectionRow;
import dev.poolscope.live.ConnectionState;
import dev.poolscope.text.Durations;

import java.util.List;
import java.util.Locale;

/**
 * Connection rows as plain text: what Ctrl+C puts on the clipboard (tab-separated, with a header
 * line, so it pastes into a ticket or a spreadsheet alike) and what the filter matches against.
 * Durations use the one formatter the table uses, so the copy says what the screen said.
 */
final class ConnectionRowText {

    static final String HEADER = "Pool\tConnection\tState\tIdle\tIn use\tBorrower thread\tAge";

    private ConnectionRowText() {
    }

    /** The header and one line per row, in the given (on-screen) order. */
    static String copy(String pool, List<ConnectionItem> items) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (ConnectionItem item : items) {
            sb.append(line(pool, item)).append('\n');
        }
        return sb.toString();
    }

    static String line(String pool, ConnectionItem item) {
        ConnectionRow r = item.row();
        String inUse = r.inUseMillis() == null && r.state() == ConnectionState.IN_USE
                ? "not seen" : Durations.elapsed(r.inUseMillis());
        return String.join("\t", pool == null ? "" : pool, r.id(), r.state().jsonName().replace('_', ' '),
                Durations.elapsed(r.idleMillis()), inUse, r.borrowerThread() == null ? "" : r.borrowerThread(),
                Gauges.ageText(r.ageMillis(), r.ageExact(), item.config()));
    }

    /** Whether a row matches the filter text: id, state, borrower or running statement, case-insensitive. */
    static boolean matches(ConnectionItem item, String filter) {
        if (filter == null || filter.isBlank()) {
            return true;
        }
        ConnectionRow r = item.row();
        String needle = filter.strip().toLowerCase(Locale.ROOT);
        for (String field : new String[]{r.id(), r.state().jsonName(), r.state().jsonName().replace('_', ' '),
                r.borrowerThread(), r.runningStatement()}) {
            if (field != null && field.toLowerCase(Locale.ROOT).contains(needle)) {
                return true;
            }
        }
        return false;
    }
}
