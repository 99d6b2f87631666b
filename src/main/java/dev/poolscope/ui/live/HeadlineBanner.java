package dev.poolscope.ui.live;

import dev.poolscope.live.threads.Headline;
import dev.poolscope.ui.DataAge;
import javafx.beans.value.ObservableValue;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The answer to "what is wrong and what do I change" at the top of the live view: the problem
 * sentence colored by severity, and, when something is wrong, the likely cause and the setting
 * to change. Hidden until a snapshot with threads arrives.
 *
 * <p>Its height is fixed (two lines, cut with an ellipsis; the whole text in the tooltip and under
 * "More"), so that a headline growing from one line to four does not push the tables down under
 * the user's cursor. Only the user's own click on "More" changes the height.
 */
final class HeadlineBanner extends HBox {

    /** Two text lines and the padding: the height whatever the headline says. */
    static final double COLLAPSED_HEIGHT = 54;

    private static final PseudoClass OK = PseudoClass.getPseudoClass("ok");
    private static final PseudoClass WARNING = PseudoClass.getPseudoClass("warning");
    private static final PseudoClass CRITICAL = PseudoClass.getPseudoClass("critical");
    /** The data is not current: grey, and worded as the last known state, not the present one. */
    private static final PseudoClass STALE = PseudoClass.getPseudoClass("stale");

    private final Label severity = new Label();
    private final Label problem = new Label();
    private final Label explanation = new Label();
    private final Label setting = new Label();
    private final ToggleButton more = new ToggleButton("More");
    /** "Doctor…": the ranked settings for the pools, shown when the headline names a setting and the panel exists. */
    private final javafx.scene.control.Hyperlink doctor = new javafx.scene.control.Hyperlink("Doctor…");
    private final javafx.beans.property.BooleanProperty hasDoctor = new javafx.beans.property.SimpleBooleanProperty();
    private final Tooltip fullText = new Tooltip();
    /** Whether the current headline has a cause / a setting to show; the labels' visibility follows. */
    private final javafx.beans.property.BooleanProperty hasExplanation = new javafx.beans.property.SimpleBooleanProperty();
    private final javafx.beans.property.BooleanProperty hasSetting = new javafx.beans.property.SimpleBooleanProperty();

    private final DataAge dataAge;
    private Headline shown;

    HeadlineBanner(ObservableValue<Headline> headline, DataAge dataAge) {
        this.dataAge = dataAge;
        setId("live-headline");
        getStyleClass().add("live-headline");
        setSpacing(10);
        setAlignment(Pos.CENTER_LEFT);
        severity.setId("live-headline-severity");
        severity.getStyleClass().add("live-headline-severity");
        severity.setMinWidth(USE_PREF_SIZE);
        problem.setId("live-headline-problem");
        problem.getStyleClass().add("live-headline-problem");
        explanation.setId("live-headline-explanation");
        explanation.getStyleClass().add("live-headline-explanation");
        setting.setId("live-headline-setting");
        setting.getStyleClass().add("live-headline-setting");
        for (Label l : new Label[]{problem, explanation, setting}) {
            l.setMaxWidth(Double.MAX_VALUE);
            l.setTextOverrun(OverrunStyle.ELLIPSIS);
            l.managedProperty().bind(l.visibleProperty());
            l.wrapTextProperty().bind(more.selectedProperty());
        }
        VBox texts = new VBox(2, problem, explanation, setting);
        HBox.setHgrow(texts, Priority.ALWAYS);
        more.setId("live-headline-more");
        more.getStyleClass().add("live-headline-more");
        more.setFocusTraversable(false);
        more.setMinWidth(USE_PREF_SIZE);
        more.textProperty().bind(javafx.beans.binding.Bindings.when(more.selectedProperty()).then("Less").otherwise("More"));
        more.managedProperty().bind(more.visibleProperty());
        doctor.setId("live-headline-doctor");
        doctor.setMinWidth(USE_PREF_SIZE);
        doctor.setFocusTraversable(false);
        doctor.setTooltip(new Tooltip("Every setting to change, ranked, with values for your network path"));
        doctor.visibleProperty().bind(hasSetting.and(hasDoctor));
        doctor.managedProperty().bind(doctor.visibleProperty());
        getChildren().setAll(severity, texts, doctor, more);
        // Collapsed, the second line is the setting to change (the action), else the explanation.
        explanation.visibleProperty().bind(hasExplanation.and(more.selectedProperty().or(hasSetting.not())));
        setting.visibleProperty().bind(hasSetting);
        more.visibleProperty().bind(hasExplanation.or(hasSetting));
        fullText.setWrapText(true);
        fullText.setMaxWidth(640);
        Tooltip.install(texts, fullText);
        more.selectedProperty().addListener((obs, was, expanded) -> fixHeight(expanded));
        fixHeight(false);
        managedProperty().bind(visibleProperty());
        headline.addListener((obs, old, h) -> show(h));
        dataAge.staleProperty().addListener((obs, was, stale) -> show(shown));
        show(headline.getValue());
    }

    /** Where "Doctor…" leads (the live view's Doctor tab); null hides the link. */
    void setOnOpenDoctor(Runnable open) {
        hasDoctor.set(open != null);
        doctor.setOnAction(open == null ? null : e -> open.run());
    }

    private void fixHeight(boolean expanded) {
        setMinHeight(expanded ? USE_PREF_SIZE : COLLAPSED_HEIGHT);
        setPrefHeight(expanded ? USE_COMPUTED_SIZE : COLLAPSED_HEIGHT);
        setMaxHeight(expanded ? USE_PREF_SIZE : COLLAPSED_HEIGHT);
    }

    private void show(Headline h) {
        shown = h;
        setVisible(h != null);
        if (h == null) {
            return;
        }
        // While the data is stale the headline is the last known state: no green "OK" for now.
        boolean stale = dataAge.isStale();
        pseudoClassStateChanged(STALE, stale);
        pseudoClassStateChanged(OK, !stale && h.severity() == Headline.Severity.OK);
        pseudoClassStateChanged(WARNING, !stale && h.severity() == Headline.Severity.WARNING);
        pseudoClassStateChanged(CRITICAL, !stale && h.severity() == Headline.Severity.CRITICAL);
        String level = switch (h.severity()) {
            case OK -> "OK";
            case WARNING -> "WARNING";
            case CRITICAL -> "CRITICAL";
        };
        severity.setText(stale ? "LAST KNOWN" : level);
        String lastKnown = stale ? "Last known (" + dataAge.time(dataAge.receivedAt()) + "): " : "";
        problem.setText(lastKnown + h.problem());
        boolean wrong = h.severity() != Headline.Severity.OK;
        boolean explained = wrong && h.explanation() != null && !h.explanation().isBlank();
        boolean advised = wrong && h.setting() != null && !h.setting().isBlank();
        explanation.setText(explained ? h.explanation() : "");
        setting.setText(advised ? "Change: " + h.setting() : "");
        hasExplanation.set(explained);
        hasSetting.set(advised);
        StringBuilder full = new StringBuilder(lastKnown).append(h.problem());
        if (explained) {
            full.append("\n\n").append(h.explanation());
        }
        if (advised) {
            full.append("\n\nChange: ").append(h.setting());
        }
        fullText.setText(full.toString());
    }

    /** For tests: the full text the tooltip and "More" show. */
    String fullText() {
        return fullText.getText();
    }
}
