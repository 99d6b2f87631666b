package dev.poolscope.probe;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Removes credentials from JDBC URLs before they leave the target. */
final class JdbcUrls {

    /** {@code //user:pass@host} or {@code //user@host}. */
    private static final Pattern USER_INFO = Pattern.compile("//[^/?;@]*@");
    /** Oracle thin: {@code jdbc:oracle:thin:user/pass@host}. */
    private static final Pattern ORACLE_THIN = Pattern.compile("(?i)^(jdbc:oracle:thin:)[^@]*@");
    /** Parameters after {@code ?}, {@code &} or {@code ;} (SQL Server, Derby, H2 use {@code ;}). */
    private static final Pattern PARAMETER = Pattern.compile("([?&;])([^=&;?]*)=([^&;]*)");

    private JdbcUrls() {
    }

    static String withoutCredentials(String url) {
        if (url == null) {
            return "";
        }
        String result = ORACLE_THIN.matcher(url).replaceFirst("$1@");
        result = USER_INFO.matcher(result).replaceFirst("//");
        Matcher m = PARAMETER.matcher(result);
        StringBuffer out = new StringBuffer();
        while (m.find()) {
            if (isSecret(m.group(2))) {
                m.appendReplacement(out, Matcher.quoteReplacement(m.group(1)));
            } else {
                m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
            }
        }
        m.appendTail(out);
        return tidySeparators(out.toString());
    }

    private static boolean isSecret(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return n.equals("user") || n.equals("username") || n.equals("password") || n.equals("pwd")
                || n.equals("passwd") || n.equals("uid") || n.contains("password") || n.contains("secret")
                || n.contains("token") || n.equals("apikey") || n.equals("api_key");
    }

    /** Collapses separators left behind by removed parameters. */
    private static String tidySeparators(String url) {
        String s = url;
        String before;
        do {
            before = s;
            s = s.replace("?&", "?").replace("&&", "&").replace(";;", ";").replace("?;", "?");
        } while (!s.equals(before));
        while (s.endsWith("&") || s.endsWith("?") || s.endsWith(";")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
