package dev.poolscope.attach;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ProbeVerifierTest {

    @Test
    void anAnsweringProbeWithActiveInstrumentationIsLoadedWithNothingToAdd() {
        ProbeVerifier.Verdict v = ProbeVerifier.verdict(42, true, "active", null, Duration.ofSeconds(5));
        assertThat(v.status()).isEqualTo(ProbeStatus.LOADED);
        assertThat(v.message()).isNull();
    }

    @Test
    void anAnsweringProbeWhoseInstrumentationWasRefusedIsLoadedAndSaysWhatIsMissingAndWhy() {
        ProbeVerifier.Verdict v = ProbeVerifier.verdict(42, true, "refused: this JVM does not allow retransforming classes",
                null, Duration.ofSeconds(5));
        assertThat(v.status()).isEqualTo(ProbeStatus.LOADED);
        assertThat(v.message()).contains("this JVM does not allow retransforming classes")
                .contains("borrower threads and borrow waits are not");
    }

    @Test
    void aProbeThatRecordedWhyItFailedIsFailedWithItsOwnReason() {
        ProbeVerifier.Verdict v = ProbeVerifier.verdict(42, false, null,
                "the probe could not start: java.lang.OutOfMemoryError: Metaspace", Duration.ofSeconds(5));
        assertThat(v.status()).isEqualTo(ProbeStatus.FAILED);
        assertThat(v.message()).isEqualTo("the probe did not start in pid 42: the probe could not start: "
                + "java.lang.OutOfMemoryError: Metaspace");
    }

    @Test
    void aSilentProbeIsFailedWithHowLongWeWaitedAndWhereToLook() {
        ProbeVerifier.Verdict v = ProbeVerifier.verdict(42, false, null, null, Duration.ofSeconds(5));
        assertThat(v.status()).isEqualTo(ProbeStatus.FAILED);
        assertThat(v.message()).contains("pid 42").contains("did not appear within 5 s").contains("[poolscope-probe]");
    }
}
