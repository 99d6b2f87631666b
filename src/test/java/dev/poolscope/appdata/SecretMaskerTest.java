package dev.poolscope.appdata;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretMaskerTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "connect password=hunter2 user=ops|connect password=**** user=ops",
            "PASSWORD = hunter2, next|PASSWORD = ****, next",
            "jdbc:postgresql://db/app?user=ops&password=hunter2&ssl=true|jdbc:postgresql://db/app?user=ops&password=****&ssl=true",
            "{\"password\": \"hun ter2\", \"user\": \"ops\"}|{\"password\": \"****\", \"user\": \"ops\"}",
            "jmx.remote.password='a b c'|jmx.remote.password='****'",
            "secret: s3cr3t|secret: ****",
            "api_key=abc123 token=xyz|api_key=**** token=****",
            "postgresql://ops:hunter2@db:5432/app|postgresql://ops:****@db:5432/app",
            "dbPassword=hunter2|dbPassword=****",
    })
    void masksValuesThatLookLikeSecrets(String input, String expected) {
        assertThat(SecretMasker.mask(input)).isEqualTo(expected);
        assertThat(SecretMasker.containsSecret(input)).isTrue();
    }

    @Test
    void leavesOrdinaryTextAlone() {
        String text = "Connection is not available, request timed out after 30000ms (total=10, active=10, idle=0, waiting=3) host:9010 user=ops";
        assertThat(SecretMasker.mask(text)).isEqualTo(text);
        assertThat(SecretMasker.containsSecret(text)).isFalse();
        assertThat(SecretMasker.containsSecret("service:jmx:rmi:///jndi/rmi://orders-1:9010/jmxrmi")).isFalse();
    }
}
