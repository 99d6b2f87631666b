package dev.poolscope.ui.threads;

import dev.poolscope.live.threads.ThreadCategory;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The threads of one category, stuck first, in display order. FX thread only. */
public final class ThreadGroupModel {

    private final ThreadCategory category;
    private final ThreadRow header;
    private final ObservableList<ThreadRow> rows = FXCollections.observableArrayList();
    private int stuckCount;

    ThreadGroupModel(ThreadCategory category) {
        this.category = category;
        this.header = ThreadRow.group(category);
    }

    public ThreadCategory category() {
        return category;
    }

    /** The group's own row, whose name is the title, e.g. "Socket I/O — 12 threads, 12 stuck". */
    public ThreadRow header() {
        return header;
    }

    public ObservableList<ThreadRow> rows() {
        return rows;
    }

    public int stuckCount() {
        return stuckCount;
    }

    void setStuckCount(int stuckCount) {
        this.stuckCount = stuckCount;
    }
}
