package dev.poolscope.probe;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcUrlsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jdbc:postgresql://db:5432/orders|jdbc:postgresql://db:5432/orders",
        "jdbc:postgresql://db/orders?user=app&password=s3cret&ssl=true|jdbc:postgresql://db/orders?ssl=true",
        "jdbc:postgresql://db/orders?ssl=true&password=s3cret|jdbc:postgresql://db/orders?ssl=true",
        "jdbc:postgresql://db/orders?password=s3cret|jdbc:postgresql://db/orders",
        "jdbc:mysql://app:s3cret@db:3306/orders|jdbc:mysql://db:3306/orders",
        "jdbc:mysql://app@db:3306/orders|jdbc:mysql://db:3306/orders",
        "jdbc:sqlserver://db:1433;databaseName=orders;user=sa;password=s3cret|jdbc:sqlserver://db:1433;databaseName=orders",
        "jdbc:oracle:thin:scott/tiger@db:1521/ORCL|jdbc:oracle:thin:@db:1521/ORCL",
        "jdbc:postgresql://db/orders?sslpassword=k&sslmode=verify-full|jdbc:postgresql://db/orders?sslmode=verify-full",
        "jdbc:h2:mem:test;PASSWORD=x;MODE=PostgreSQL|jdbc:h2:mem:test;MODE=PostgreSQL",
    })
    void credentialsAreRemovedAndEverythingElseKept(String url, String expected) {
        assertThat(JdbcUrls.withoutCredentials(url)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"''|''"})
    void emptyStaysEmpty(String url, String expected) {
        assertThat(JdbcUrls.withoutCredentials(url)).isEqualTo(expected);
        assertThat(JdbcUrls.withoutCredentials(null)).isEmpty();
    }
}
