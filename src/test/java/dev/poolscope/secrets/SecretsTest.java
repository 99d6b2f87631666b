package dev.poolscope.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

public class SecretsTest {

    /** Each form, with the secret text that must not survive masking. */
    public static Stream<Arguments> corpus() {
        return Stream.of(
                Arguments.of("jdbc:mysql://address=(host=db)(port=3306)(user=app)(password=S3cr3tA)/shop", "S3cr3tA"),
                Arguments.of("jdbc:oracle:thin:scott/Tiger9X@db.example:1521/ORCL", "Tiger9X"),
                Arguments.of("jdbc:oracle:thin:scott/Ti@ger9X@db.example:1521/ORCL", "ger9X"),
                Arguments.of("jdbc:postgresql://app:pa@ssWd1@db:5432/shop", "ssWd1"),
                Arguments.of("jdbc:postgresql://app:pa@ssWd1@db:5432/shop", "pa@"),
                Arguments.of("jdbc:postgresql://app:hunter2X@db/shop", "hunter2X"),
                Arguments.of("jdbc:postgresql://app:p%40ssXy@db/shop", "p%40ssXy"),
                Arguments.of("jdbc:snowflake://acct.snowflakecomputing.com/?private_key_file_pwd=KfP4ss&db=x", "KfP4ss"),
                Arguments.of("jdbc:awsathena://;SecretAccessKey=AwsS3cret;AccessKeyId=AKIAX", "AwsS3cret"),
                Arguments.of("jdbc:postgresql://db/shop?sslmode=verify-full&sslpassword=SslPw77", "SslPw77"),
                Arguments.of("jdbc:sqlserver://db:1433;databaseName=x;password=MsPw55;encrypt=true", "MsPw55"),
                Arguments.of("jdbc:postgresql://db/shop?user=app&password=Amp3rs", "Amp3rs"),
                Arguments.of("jdbc:h2:mem:x;PASSWORD=H2Pw;USER=sa", "H2Pw"),
                Arguments.of("jdbc:x://db/?passwd=Pwd1Z", "Pwd1Z"),
                Arguments.of("jdbc:x://db/?pwd=Pwd2Z", "Pwd2Z"),
                Arguments.of("jdbc:x://db/?apiKey=ApiK3y", "ApiK3y"),
                Arguments.of("jdbc:x://db/?accessKey=AccK3y", "AccK3y"),
                Arguments.of("jdbc:x://db/?privateKey=PrivK3y", "PrivK3y"),
                Arguments.of("jdbc:x://db/?authToken=T0kenZ", "T0kenZ"),
                Arguments.of("jdbc:x://db/?credentials=Cr3dZ", "Cr3dZ"),
                Arguments.of("jdbc:x://db/?client_secret=Cl1entS", "Cl1entS"),
                Arguments.of("java -jar app.jar --api-key ApiSpaceV", "ApiSpaceV"),
                Arguments.of("java -Ddb.password SpacePw -jar app.jar", "SpacePw"),
                Arguments.of("java -Ddb.password=EqPw -jar app.jar", "EqPw"),
                Arguments.of("app --token=FlagTok --verbose", "FlagTok"),
                Arguments.of("app --secret \"Quoted Secret\"", "Quoted Secret"),
                Arguments.of("url=jdbc:x://db/?password%3DEncPw%26user%3Dapp", "EncPw"),
                Arguments.of("{\"user\":\"app\",\"password\":\"JsonPw\"}", "JsonPw"),
                Arguments.of("{\"password\": \"JsonPw2\", \"x\": 1}", "JsonPw2"),
                Arguments.of("password: YamlPw", "YamlPw"),
                Arguments.of("dataSource.password=PropPw", "PropPw"),
                Arguments.of("(password=ParenPw)", "ParenPw"),
                Arguments.of(";key=SemiKey", "SemiKey"),
                Arguments.of("API_KEY=EnvKey", "EnvKey"),
                Arguments.of("Cannot connect to postgresql://app:LabPw@localhost:5432/lab: refused", "LabPw"),
                Arguments.of("host=db sslpassword='Sq Pw' user=app", "Sq Pw"));
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void noSecretSurvivesMasking(String text, String secret) {
        String masked = Secrets.mask(text);
        assertThat(masked).doesNotContain(secret).contains(Secrets.MASK);
        assertThat(Secrets.containsSecret(text)).isTrue();
    }

    @Test
    void corpusHasAtLeastThirtyForms() {
        assertThat(corpus().count()).isGreaterThanOrEqualTo(30);
    }

    @Test
    void maskingIsIdempotent() {
        corpus().forEach(a -> {
            String once = Secrets.mask((String) a.get()[0]);
            assertThat(Secrets.mask(once)).isEqualTo(once);
        });
    }

    @Test
    void ordinaryTextAndUrlsWithoutSecretsAreUnchanged() {
        for (String s : new String[] {
                "jdbc:postgresql://db:5432/shop?sslmode=require&user=app",
                "The monkey pressed a key on the keyboard: nothing happened",
                "pool HikariPool-1 active=3 idle=2 waiting=0",
                "java -Xmx512m -jar app.jar --port 8080 --verbose",
                "jdbc:oracle:thin:@db.example:1521/ORCL",
                "keyboard=us", "monkey=5"}) {
            assertThat(Secrets.mask(s)).as(s).isEqualTo(s);
        }
    }

    @Test
    void keepsTheUserAndHostAroundAMaskedPassword() {
        assertThat(Secrets.mask("jdbc:postgresql://app:pa@ss@db:5432/shop"))
                .isEqualTo("jdbc:postgresql://app:****@db:5432/shop");
        assertThat(Secrets.mask("jdbc:oracle:thin:scott/tiger@db:1521/ORCL"))
                .isEqualTo("jdbc:oracle:thin:scott/****@db:1521/ORCL");
        assertThat(Secrets.mask("java -jar a.jar --api-key V1 -Ddb.password V2"))
                .isEqualTo("java -jar a.jar --api-key **** -Ddb.password ****");
    }
}
