package dev.poolscope.ui.live;

import dev.poolscope.live.BorrowSite;
import dev.poolscope.live.ConnectionRow;

/**
 * The detail pane's lines about where a held connection was borrowed and where its holder is now.
 * The two are different stacks: the borrow site is shown only when it was captured at the borrow,
 * labelled with what captured it; the holder's current position is never called the borrow site.
 */
final class BorrowSiteText {

    private BorrowSiteText() {
    }

    /** Appends the borrow-site and holder-stack lines of a held connection whose holder is known. */
    static StringBuilder append(StringBuilder sb, ConnectionRow row) {
        BorrowSite site = row.borrowSite();
        if (site != null && site.captured()) {
            sb.append("\nBorrowed at (").append(site.sourceInWords()).append("):");
            frames(sb, site.frames());
            if (!row.borrowStack().isEmpty()) {
                sb.append("\nThe holder is now at:");
                frames(sb, row.borrowStack());
            }
            return sb;
        }
        sb.append("\nBorrow site not captured: ").append(site != null && site.unknownReason() != null
                ? site.unknownReason() : "the target's probe predates borrow-site capture").append('.');
        if (row.borrowStack().isEmpty()) {
            return sb.append("\nNo holder stack yet: held less than the probe's stack threshold (1 s).");
        }
        sb.append("\nThe holder is now at (not where it borrowed):");
        frames(sb, row.borrowStack());
        return sb;
    }

    private static void frames(StringBuilder sb, java.util.List<String> frames) {
        for (String frame : frames) {
            sb.append("\n    at ").append(frame);
        }
    }
}
