package dev.poolscope.ui.live;

import dev.poolscope.live.threads.Headline;
import javafx.beans.value.ObservableValue;
import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/**
 * The answer to "what is wrong and what do I change" at the top of the live view: the problem
 * sentence colored by severity, and, when something is wrong, the likely cause and the setting
 * to change. Hidden until a snapshot with threads arrives.
 */
final class HeadlineBanner extends VBox {

    private static final PseudoClass OK = PseudoClass.getPseudoClass("ok");
    private static final PseudoClass WARNING = PseudoClass.getPseudoClass("warning");
    private static final PseudoClass CRITICAL = PseudoClass.getPseudoClass("critical");

    private final Label severity = new Label();
    private final Label problem = new Label();
    private final Label explanation = new Label();
    private final Label setting = new Label();

    HeadlineBanner(ObservableValue<Headline> headline) {
        setId("live-headline");
        getStyleClass().add("live-headline");
        setSpacing(3);
        severity.setId("live-headline-severity");
        severity.getStyleClass().add("live-headline-severity");
        problem.setId("live-headline-problem");
        problem.getStyleClass().add("live-headline-problem");
        explanation.setId("live-headline-explanation");
        explanation.getStyleClass().add("live-headline-explanation");
        setting.setId("live-headline-setting");
        setting.getStyleClass().add("live-headline-setting");
        for (Label l : new Label[]{problem, explanation, setting}) {
            l.setWrapText(true);
            l.setMaxWidth(Double.MAX_VALUE);
            l.managedProperty().bind(l.visibleProperty());
        }
        getChildren().setAll(severity, problem, explanation, setting);
        managedProperty().bind(visibleProperty());
        headline.addListener((obs, old, h) -> show(h));
        show(headline.getValue());
    }

    private void show(Headline h) {
        setVisible(h != null);
        if (h == null) {
            return;
        }
        pseudoClassStateChanged(OK, h.severity() == Headline.Severity.OK);
        pseudoClassStateChanged(WARNING, h.severity() == Headline.Severity.WARNING);
        pseudoClassStateChanged(CRITICAL, h.severity() == Headline.Severity.CRITICAL);
        severity.setText(switch (h.severity()) {
            case OK -> "OK";
            case WARNING -> "WARNING";
            case CRITICAL -> "CRITICAL";
        });
        problem.setText(h.problem());
        boolean wrong = h.severity() != Headline.Severity.OK;
        explanation.setText(h.explanation());
        explanation.setVisible(wrong && h.explanation() != null && !h.explanation().isBlank());
        setting.setText(h.setting() == null ? "" : "Change: " + h.setting());
        setting.setVisible(wrong && h.setting() != null && !h.setting().isBlank());
    }
}
