package dev.poolscope.attach;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedactionTest {

    @Test
    void passwordsInCommandLinesAreMasked() {
        assertThat(Redaction.maskSecrets("app.Main --db.password=hunter2 --port 8080"))
                .isEqualTo("app.Main --db.password=**** --port 8080");
        assertThat(Redaction.maskSecrets("jdbc:postgresql://h/db?user=app&password=s3cr3t&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=app&password=****&ssl=true");
    }

    @Test
    void userInfoInUrlsIsMasked() {
        assertThat(Redaction.maskSecrets("jdbc:mysql://app:s3cr3t@db:3306/x")).isEqualTo("jdbc:mysql://app:****@db:3306/x");
    }

    @Test
    void textWithoutSecretsIsUnchanged() {
        assertThat(Redaction.maskSecrets("dev.poolscope.demo.DemoService jdbc:postgresql://127.0.0.1:5432/postgres"))
                .isEqualTo("dev.poolscope.demo.DemoService jdbc:postgresql://127.0.0.1:5432/postgres");
    }
}
