package dev.poolscope.attach;

import java.util.regex.Pattern;

/** Removes secrets from text that PoolScope shows, logs or exports (command lines, JDBC URLs). */
public final class Redaction {

    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)((?:password|passwd|pwd|secret|token|credentials?)[A-Za-z._-]*\\s*[=:]\\s*)([^\\s&;,]+)");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/@\\s:]+):[^/@\\s]+@");

    private Redaction() {
    }

    public static String maskSecrets(String text) {
        if (text == null) {
            return null;
        }
        String s = KEY_VALUE.matcher(text).replaceAll("$1****");
        return USER_INFO.matcher(s).replaceAll("$1:****@");
    }
}
