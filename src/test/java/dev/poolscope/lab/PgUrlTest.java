package dev.poolscope.lab;

import dev.poolscope.lab.db.LabInputException;
import dev.poolscope.lab.db.PgUrl;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PgUrlTest {

    @Test
    void pointsTheSameDatabaseAtALoopbackMiddlebox() throws Exception {
        PgUrl url = PgUrl.parse("jdbc:postgresql://db.example.com:6432/orders?sslmode=require&tcpKeepAlive=false");
        assertThat(url.host()).isEqualTo("db.example.com");
        assertThat(url.port()).isEqualTo(6432);
        // the lab sets tcpKeepAlive per strategy, so the user's value is dropped
        assertThat(url.viaLoopbackPort(40000)).isEqualTo("jdbc:postgresql://127.0.0.1:40000/orders?sslmode=require");
    }

    @Test
    void defaultsPortAndReadsIpv6Hosts() throws Exception {
        assertThat(PgUrl.parse("jdbc:postgresql://localhost/app").port()).isEqualTo(5432);
        PgUrl v6 = PgUrl.parse("jdbc:postgresql://[::1]:5433/app");
        assertThat(v6.host()).isEqualTo("::1");
        assertThat(v6.port()).isEqualTo(5433);
        assertThat(v6.direct()).isEqualTo("jdbc:postgresql://[::1]:5433/app");
    }

    @Test
    void explainsMalformedUrls() {
        assertThatThrownBy(() -> PgUrl.parse("jdbc:mysql://h/db")).isInstanceOf(LabInputException.class)
                .hasMessageContaining("jdbc:postgresql://");
        assertThatThrownBy(() -> PgUrl.parse("jdbc:postgresql://h:99999/db")).hasMessageContaining("not a port");
        assertThatThrownBy(() -> PgUrl.parse("jdbc:postgresql://a,b/db")).hasMessageContaining("several hosts");
        assertThatThrownBy(() -> PgUrl.parse(" ")).hasMessageContaining("empty");
    }

    @Test
    void refusesAPasswordInTheUrlWithoutRepeatingIt() {
        assertThatThrownBy(() -> PgUrl.parse("jdbc:postgresql://h/db?password=hunter2"))
                .hasMessageContaining("password file").hasMessageNotContaining("hunter2");
    }
}
