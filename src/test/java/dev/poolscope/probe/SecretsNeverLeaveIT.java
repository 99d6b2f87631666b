package dev.poolscope.probe;

import dev.poolscope.attach.JvmConnector;
import dev.poolscope.attach.TargetConnection;
import dev.poolscope.attach.ProbeStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.reflect.Array;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Masking end to end (issue 9, "never leak"): a real target whose HikariCP pools carry secrets in
 * every URL form, in data-source properties and in its command line; none of the secret values may
 * appear in the probe's MBeans (read over JMX, as any JMX reader would), in `snapshot`, `snapshot
 * --json` or `list`, each run as a user would run it (a separate PoolScope process).
 */
@ExtendWith(SharedDatabase.class)
class SecretsNeverLeaveIT {

    private static final Duration STEP = Duration.ofSeconds(30);

    /** Every secret value the target holds; each is unique so a leak is found wherever it lands. */
    private static final List<String> SECRETS = List.of("S1-pw-query", "S2-mysql-addr", "S3-oracle-pass", "S4-pa@ss",
            "S5-keyfile-pwd", "S6-aws-secret", "S7-ds-password", "S8-ssl-password", "S9-ds-keyfile-pwd",
            "S10-ds-aws-secret", "S11-config-password", "S12-api-key-value", "S13-db-password-value", "S14-db-pw-eq",
            "S15-jvm-opt");

    @Test
    void noSecretOfTheTargetAppearsInTheProbeMBeansSnapshotJsonOrList() throws Exception {
        String real = SharedDatabase.database().jdbcUrl();
        String hostPort = URI.create(real.substring("jdbc:".length())).getAuthority();
        List<String> pools = List.of(
                "query=" + real + "?user=postgres&password=S1-pw-query&ApplicationName=it",
                "mysql=jdbc:mysql://address=(host=db1)(port=3306)(user=app)(password=S2-mysql-addr)/shop",
                "oracle=jdbc:oracle:thin:scott/S3-oracle-pass@//db.example:1521/ORCL",
                "at-sign=jdbc:postgresql://app:S4-pa@ss@" + hostPort + "/postgres",
                "snowflake=jdbc:snowflake://acct.snowflakecomputing.com/?user=u&private_key_file_pwd=S5-keyfile-pwd&db=d",
                "athena=jdbc:awsathena://athena.us-east-1.amazonaws.com:443;User=AKIA1;SecretAccessKey=S6-aws-secret;S3OutputLocation=s3://b/");
        List<String> args = new ArrayList<>();
        args.add(real);
        args.addAll(pools);
        args.addAll(List.of("--", "--api-key", "S12-api-key-value", "-Ddb.password", "S13-db-password-value",
                "-Ddb.password=S14-db-pw-eq"));
        try (TargetJvm target = TargetJvm.withMain(List.of("-XX:TieredStopAtLevel=1", "-Dapp.secret=S15-jvm-opt"),
                ProbeWorkloadSecrets.class, args.toArray(new String[0]));
             JvmConnector connector = new JvmConnector()) {
            target.awaitLine("READY", STEP);
            await().atMost(STEP).until(() -> connector.listLocal().stream().anyMatch(j -> j.pid() == target.pid() && j.attachable()));
            try (TargetConnection c = connector.attach(target.pid(), true)) {
                assertThat(c.info().probe()).as(c.info().probeMessage()).isEqualTo(ProbeStatus.LOADED);
                target.send("BORROWALL");
                target.awaitLine("BORROWED", STEP);
                MBeanServerConnection mbs = c.mbeans();
                for (String pool : List.of("query", "mysql", "oracle", "at-sign", "snowflake", "athena")) {
                    await().atMost(STEP).until(() -> mbs.isRegistered(TargetJvm.poolName(pool)));
                }
                String everything = allProbeAttributes(mbs);
                // The test reads what it means to: the masked URLs are there.
                assertThat(everything).contains("password=****").contains("scott/****@").contains("app:****@")
                        .contains("(password=****)").contains("SecretAccessKey=****").contains("private_key_file_pwd=****");
                assertNoSecret("probe MBeans", everything);
            }

            target.awaitAttachable();
            String text = poolscope("snapshot", "--pid", Long.toString(target.pid()));
            assertThat(text).contains("athena").contains("Probe   loaded");
            assertNoSecret("snapshot", text);

            String json = poolscope("snapshot", "--pid", Long.toString(target.pid()), "--json");
            assertThat(json).contains("\"probe\": \"loaded\"").contains("\"name\": \"oracle\"")
                    .contains("jdbc:oracle:thin:scott/****@//db.example:1521/ORCL");
            assertNoSecret("snapshot --json", json);

            String list = poolscope("list");
            assertThat(list).contains(Long.toString(target.pid())).contains("ProbeWorkloadSecrets").contains("--api-key ****");
            assertNoSecret("list", list);
        }
    }

    private static void assertNoSecret(String where, String output) {
        System.out.println("---- " + where + " ----\n" + output); // kept in the failsafe report, to see what was checked
        for (String secret : SECRETS) {
            assertThat(output).as("%s shows %s:%n%s", where, secret, output).doesNotContain(secret);
        }
        assertThat(output).as(where).doesNotContain("S4-pa"); // no part of the password with an @ in it either
    }

    /** Every attribute of every PoolScope MBean, opened down to strings (composites, tables, arrays). */
    private static String allProbeAttributes(MBeanServerConnection mbs) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (ObjectName name : mbs.queryNames(new ObjectName("dev.poolscope:*"), null)) {
            sb.append(name).append('\n');
            for (MBeanAttributeInfo a : mbs.getMBeanInfo(name).getAttributes()) {
                try {
                    flatten(mbs.getAttribute(name, a.getName()), sb.append(a.getName()).append('='));
                } catch (Exception e) {
                    sb.append("<unreadable: ").append(e).append('>');
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static void flatten(Object v, StringBuilder sb) {
        if (v instanceof CompositeData cd) {
            for (String key : cd.getCompositeType().keySet()) {
                sb.append(key).append(':');
                flatten(cd.get(key), sb);
                sb.append(' ');
            }
        } else if (v instanceof TabularData td) {
            td.values().forEach(row -> flatten(row, sb));
        } else if (v != null && v.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(v); i++) {
                flatten(Array.get(v, i), sb);
                sb.append(' ');
            }
        } else {
            sb.append(v);
        }
    }

    /** Runs the PoolScope CLI in its own JVM, as a user would; returns stdout and stderr. */
    private static String poolscope(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.poolscope.Main"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close(); // no terminal: a prompt would fail, not hang
        String out;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            out = String.join("\n", r.lines().toList());
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
