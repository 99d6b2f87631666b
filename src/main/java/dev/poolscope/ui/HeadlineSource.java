package dev.poolscope.ui;

import dev.poolscope.live.threads.Headline;
import javafx.beans.value.ObservableValue;

/**
 * A panel that writes the problem headline itself (the threads panel, whose stuck threshold the
 * user can change): the live view's banner then shows that headline, so the two never disagree.
 */
public interface HeadlineSource {

    /** The newest headline, on the FX thread; null until the first sample. */
    ObservableValue<Headline> headline();
}
