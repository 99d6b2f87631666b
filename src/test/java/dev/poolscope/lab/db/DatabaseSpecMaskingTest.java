package dev.poolscope.lab.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poolscope.secrets.SecretsTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The lab names its database in errors and in every report; no secret of the URL may show there. */
class DatabaseSpecMaskingTest {

    static Stream<Arguments> corpus() {
        return SecretsTest.corpus();
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void describingTheDatabaseShowsNoSecretOfItsUrl(String url, String secret) {
        String shown = new DatabaseSpec(url, "app", "pw".toCharArray()).toString();
        assertThat(shown).doesNotContain(secret);
    }
}
