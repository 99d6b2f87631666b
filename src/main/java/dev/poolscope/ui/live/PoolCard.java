package dev.poolscope.ui.live;

import dev.poolscope.live.PoolSnapshot;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;


/**
 * One pool's summary tile (compact: name, one line of counts, a thin bar): active / idle / total / waiting against maximumPoolSize, and a bar of
 * the same. Its settings and borrow times are in {@link PoolDetails} when it is selected.
 */
final class PoolCard extends VBox {

    static final String IDLE_TIMEOUT_HELP = "idleTimeout: HikariCP closes a connection that has been idle "
            + "this long, but only while the pool holds more than minimumIdle connections "
            + "(it never applies when minimumIdle equals maximumPoolSize).";
    static final String MAX_LIFETIME_HELP = "maxLifetime: every connection is closed and replaced at this age, "
            + "when it is next idle. Set it a few seconds below any idle cut-off of the database, "
            + "firewall or load balancer in between.";
    static final String KEEPALIVE_HELP = "keepaliveTime: how often HikariCP tests an idle connection "
            + "(with isValid or connectionTestQuery) to keep it from being dropped by a firewall or NAT; "
            + "off when 0. From HikariCP 4.0.0.";

    private final PoolItem item;
    private final Label name = new Label();
    private final Label version = new Label();
    private final Label active = number();
    private final Label idle = number();
    private final Label total = number();
    private final Label waiting = number();
    private final Region activeBar = new Region();
    private final Region idleBar = new Region();
    private final HBox bar = new HBox();
    private final HBox counts;
    /** Where the counts come from (issue 16.1): the probe, or HikariCP's own MBean when the probe is absent. */
    private final javafx.scene.control.Tooltip countsSource = new javafx.scene.control.Tooltip();

    PoolCard(PoolItem item) {
        this.item = item;
        getStyleClass().addAll("card", "pool-card");
        setSpacing(4);
        name.getStyleClass().add("pool-name");
        version.getStyleClass().add("muted");
        version.getStyleClass().add("pool-version");
        HBox title = new HBox(8, name, version);
        title.setAlignment(javafx.geometry.Pos.BASELINE_LEFT);

        // One line of counts, value then caption: the tile stays about 60 px high, so the
        // connections and threads below keep their room on a small screen.
        counts = new HBox(14, count(active, "active"), count(idle, "idle"), count(total, "total"),
                count(waiting, "waiting"));
        javafx.scene.control.Tooltip.install(counts, countsSource);

        activeBar.getStyleClass().add("bar-active");
        idleBar.getStyleClass().add("bar-idle");
        bar.getStyleClass().add("pool-bar");
        bar.getChildren().setAll(activeBar, idleBar);
        bar.setMinHeight(4);
        bar.setPrefHeight(4);
        bar.setMaxHeight(4);

        getChildren().setAll(title, counts, bar);
        setMinWidth(Region.USE_PREF_SIZE);
        item.snapshotProperty().addListener((obs, old, snapshot) -> show(snapshot));
        bar.widthProperty().addListener((obs, old, w) -> layoutBar(item.snapshot()));
        show(item.snapshot());
    }

    PoolItem item() {
        return item;
    }

    private void show(PoolSnapshot p) {
        name.setText(p.name());
        String versionAbsent = p.absentReasons().get("version");
        version.setText(p.kind() + (versionAbsent != null ? " (version not exposed)" : p.version() == null ? "" : " " + p.version()));
        version.setTooltip(versionAbsent == null ? null : new javafx.scene.control.Tooltip(versionAbsent));
        String source = p.sources().get("counts");
        countsSource.setText(source != null ? "Counts read from " + source
                : "Counts read by the PoolScope probe in the target, from the pool itself");
        Integer max = p.config() == null ? null : p.config().maximumPoolSize();
        active.setText(Integer.toString(p.active()));
        idle.setText(Integer.toString(p.idle()));
        total.setText(p.total() + (max == null ? "" : " / " + max));
        waiting.setText(Integer.toString(p.pending()));
        waiting.getStyleClass().remove("warn");
        if (p.pending() > 0) {
            waiting.getStyleClass().add("warn");
        }
        layoutBar(p);
    }

    private void layoutBar(PoolSnapshot p) {
        Integer max = p.config() == null ? null : p.config().maximumPoolSize();
        double capacity = Math.max(1, max == null ? p.total() : Math.max(max, p.total()));
        double w = bar.getWidth();
        activeBar.setPrefWidth(w * p.active() / capacity);
        idleBar.setPrefWidth(w * p.idle() / capacity);
        activeBar.setMinWidth(Region.USE_PREF_SIZE);
        idleBar.setMinWidth(Region.USE_PREF_SIZE);
    }

    private static Label number() {
        Label l = new Label();
        l.getStyleClass().add("count-value");
        return l;
    }

    private static HBox count(Label value, String caption) {
        Label c = new Label(caption);
        c.getStyleClass().add("count-caption");
        // Numbers and their captions never shrink to "…": the tile is sized for them.
        value.setMinWidth(Region.USE_PREF_SIZE);
        c.setMinWidth(Region.USE_PREF_SIZE);
        HBox box = new HBox(4, value, c);
        box.setAlignment(javafx.geometry.Pos.BASELINE_LEFT);
        value.setId(null);
        box.getStyleClass().add("count-" + caption);
        return box;
    }
}
