package dev.poolscope.appdata;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks what looks like a secret in text bound for a log or a file: {@code password=...},
 * {@code "password": "..."}, {@code secret: ...}, {@code token=...} (any case, quoted or not),
 * and the password in URL user info ({@code postgresql://user:pw@host}). A last line of defence:
 * code should not log secrets in the first place.
 */
public final class SecretMasker {

    public static final String MASK = "****";

    /** key (optionally quoted) then = or :, then a quoted or bare value. */
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)(\\b|[\"'])((?:[a-z0-9_.-]*)(?:password|passwd|pwd|secret|token|credentials?|api[_-]?key))([\"']?\\s*[=:]\\s*)"
                    + "(\"[^\"]*\"|'[^']*'|[^\\s,;&\"'}\\])]+)");
    /** scheme://user:password@host */
    private static final Pattern URL_USER_INFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://[^/\\s:@]*:)([^@\\s/]+)(@)");

    private SecretMasker() {
    }

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Matcher m = KEY_VALUE.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            String value = m.group(4);
            String masked = value.startsWith("\"") ? "\"" + MASK + "\"" : value.startsWith("'") ? "'" + MASK + "'" : MASK;
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + m.group(2) + m.group(3) + masked));
        }
        m.appendTail(out);
        return URL_USER_INFO.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "$3");
    }

    /** True if {@link #mask} would change {@code text}. */
    public static boolean containsSecret(String text) {
        return text != null && !mask(text).equals(text);
    }
}
