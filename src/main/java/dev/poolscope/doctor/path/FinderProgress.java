package dev.poolscope.doctor.path;

/** Told (on the finder's threads) how far the search is; the GUI forwards it to the FX thread. */
public interface FinderProgress {

    FinderProgress NONE = (fraction, message) -> { };

    /**
     * @param fraction elapsed time over the search's time bound, 0..1
     * @param message  what is happening now, secrets masked
     */
    void update(double fraction, String message);
}
