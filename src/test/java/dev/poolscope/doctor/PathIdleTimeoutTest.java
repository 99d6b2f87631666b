package dev.poolscope.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathIdleTimeoutTest {

    @Test
    void durationsParseWithUnitsAndBareSeconds() {
        assertThat(PathIdleTimeout.parseMillis("350s")).isEqualTo(350_000);
        assertThat(PathIdleTimeout.parseMillis("4m")).isEqualTo(240_000);
        assertThat(PathIdleTimeout.parseMillis("1500ms")).isEqualTo(1_500);
        assertThat(PathIdleTimeout.parseMillis("1h")).isEqualTo(3_600_000);
        assertThat(PathIdleTimeout.parseMillis("350")).isEqualTo(350_000);
    }

    @Test
    void badDurationAndUnknownPresetSayWhatIsExpected() {
        assertThatThrownBy(() -> PathIdleTimeout.parseMillis("soon")).hasMessageContaining("for example 350s");
        assertThatThrownBy(() -> PathIdleTimeout.fromPreset("aws-alb")).hasMessageContaining("aws-nlb");
    }

    @Test
    void presetNamesItsSource() {
        PathIdleTimeout p = PathIdleTimeout.fromPreset("aws-nlb");
        assertThat(p.millis()).isEqualTo(350_000);
        assertThat(p.source()).contains("https://docs.aws.amazon.com/");
    }

    @Test
    void jsonFormCarriesMillisForTimeSettingsAndTextForDriverProperties() {
        List<Finding> f = new Doctor().examine(DoctorInput.of("p", DoctorTest.risky(), DoctorTest.LINUX_DEFAULTS,
                350_000L, "test"));
        List<Map<String, Object>> maps = FindingsJson.toMaps(f);
        assertThat(maps.get(0)).containsEntry("severity", "critical").containsEntry("recommendedMillis", 60_000L)
                .doesNotContainKey("recommended").containsEntry("springBootProperty",
                        "spring.datasource.hikari.keepalive-time=60000");
        assertThat(maps.get(1)).containsEntry("setting", "driver.socketTimeout").containsEntry("recommended", "30")
                .doesNotContainKey("recommendedMillis");
    }
}
