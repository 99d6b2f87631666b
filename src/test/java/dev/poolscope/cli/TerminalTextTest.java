package dev.poolscope.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TerminalTextTest {

    @Test
    void aLongLineBreaksAtSpacesAndContinuesIndented() {
        String headline = "CRITICAL  12 threads stuck in socket reads for ≥ 60 s on pool orders-db; 8 waiting for a connection";

        String wrapped = TerminalText.wrap(headline, 40);

        assertThat(wrapped.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(40));
        assertThat(wrapped.replaceAll("\\s+", " ")).isEqualTo(headline.replaceAll("\\s+", " "));
        assertThat(wrapped.lines().skip(1)).allSatisfy(line -> assertThat(line).startsWith("    "));
    }

    @Test
    void noWordIsCut() {
        String text = "  url jdbc:postgresql://db.internal:5432/orders?sslmode=require and more words here";

        String wrapped = TerminalText.wrap(text, 30);

        for (String word : text.trim().split(" ")) {
            assertThat(wrapped).contains(word);
        }
    }

    @Test
    void shortLinesAndBlankLinesStayAsTheyAre() {
        String text = "Pool \"a\"\n\n  active 2  idle 8\n";

        assertThat(TerminalText.wrap(text, 80)).isEqualTo(text);
    }
}
