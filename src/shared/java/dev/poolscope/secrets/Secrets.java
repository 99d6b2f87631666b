package dev.poolscope.secrets;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule set that masks secrets, used by the probe (compiled with --release 8 into its own
 * jar, which carries its own copy of this class) and by the app (CLI, GUI, lab, exports, logs).
 * It must stay Java 8 and depend on nothing but the JDK. See docs/decisions/0003-one-secret-masker.md.
 *
 * <p>Masks the value of any parameter whose name contains password, passwd, pwd, secret, token,
 * credential, or has "key" as a name component (apiKey, api-key, accessKey, SecretAccessKey, key),
 * in {@code k=v}, {@code k: v}, {@code "k":"v"}, {@code (k=v)}, {@code ;k=v}, {@code k%3Dv} and the
 * command-line {@code --k v} / {@code -Dk v} forms; the password in {@code scheme://user:pass@host}
 * (an {@code @} inside the password included) and in Oracle's {@code user/pass@}.
 */
public final class Secrets {

    public static final String MASK = "****";

    /** name (optionally quoted), = : or %3D, then a quoted or bare value. */
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?<![A-Za-z0-9_.\\-])([\"']?)([A-Za-z0-9_.\\-]+)([\"']?\\s*(?:=|:(?!//)|%3[dD])\\s*)"
                    + "(\"[^\"]*\"|'[^']*'|(?:(?!%26|%3[bB])[^\\s,;&\"'}\\])])+)");
    /** A command-line flag then its value as the next word: {@code --api-key VALUE}. */
    private static final Pattern FLAG_SPACE_VALUE = Pattern.compile(
            "(?<![^\\s\"'])(--?[A-Za-z0-9_.\\-]+)(\\s+)([^\\s\\-\"'][^\\s]*|\"[^\"]*\"|'[^']*')");
    /** scheme://user:password@host, greedy up to the last @ of the authority. */
    private static final Pattern URL_USER_INFO = Pattern.compile("(//[^/\\s:@?#;]*:)([^/\\s?#]*)@");
    /** Oracle: {@code jdbc:oracle:thin:user/pass@host}. */
    private static final Pattern ORACLE_USER_PASS = Pattern.compile("(?i)(jdbc:oracle:[a-z]+:[^/@\\s:]*/)([^\\s]*)@");

    private Secrets() {
    }

    /** {@code text} with every secret replaced by {@link #MASK}; null stays null. */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String s = maskKeyValues(text);
        s = maskFlagValues(s);
        s = ORACLE_USER_PASS.matcher(s).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "@");
        return URL_USER_INFO.matcher(s).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "@");
    }

    /** True if {@link #mask} would change {@code text}. */
    public static boolean containsSecret(String text) {
        return text != null && !mask(text).equals(text);
    }

    /** True if a parameter, property or flag of this name holds a secret. */
    public static boolean isSecretName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.contains("password") || n.contains("passwd") || n.contains("pwd") || n.contains("secret")
                || n.contains("token") || n.contains("credential")) {
            return true;
        }
        // "key" only as a component (apiKey, api-key, api_key, db.key, KEY), so that words such
        // as "monkey" or "keyboard" in log text survive.
        return name.matches("(?s)(?:.*[^A-Za-z])?(?:[Kk][Ee][Yy]|KEY)(?:[^a-z].*)?")
                || name.matches("(?s).*[a-z0-9]Key(?:[^a-z].*)?")
                || n.endsWith("apikey") || n.endsWith("accesskey") || n.endsWith("privatekey");
    }

    private static String maskKeyValues(String text) {
        Matcher m = KEY_VALUE.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        int from = 0;
        // A value that is not secret is not consumed: it may itself hold a secret (jdbc:x://db/?pwd=...).
        while (from < text.length() && m.find(from)) {
            if (isSecretName(m.group(2))) {
                out.append(text, copied, m.start(4)).append(quotedLike(m.group(4)));
                copied = m.end(4);
                from = m.end(4);
            } else {
                from = m.end(2);
            }
        }
        return out.append(text, copied, text.length()).toString();
    }

    private static String maskFlagValues(String text) {
        Matcher m = FLAG_SPACE_VALUE.matcher(text);
        StringBuffer out = new StringBuffer(text.length());
        while (m.find()) {
            String flag = m.group(1);
            String replacement = isSecretName(flag.replaceFirst("^--?(?:D(?=[a-z]))?", "")) && !flag.contains("=")
                    ? flag + m.group(2) + quotedLike(m.group(3))
                    : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String quotedLike(String value) {
        if (value.startsWith("\"")) {
            return "\"" + MASK + "\"";
        }
        return value.startsWith("'") ? "'" + MASK + "'" : MASK;
    }
}
