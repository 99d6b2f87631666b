package dev.poolscope.attach;


/** What the target will see when the probe is loaded: the one text the GUI and the CLI both show before loading. */
public final class AttachNotice {

    private AttachNotice() {
    }

    /** The confirmation text for loading the probe into this JVM. */
    public static String text(long pid, String displayName, String jvmVersion) {
        return text("pid " + pid, displayName, jvmVersion);
    }

    /** The same for a JVM named by its address (a remote target, whose pid may be unknown). */
    public static String text(String where, String displayName, String jvmVersion) {
        String who = where + (displayName == null || displayName.isBlank() ? "" : " (" + displayName + ")");
        String text = "PoolScope will load its probe, a small read-only Java agent, into " + who + ". "
                + "The probe finds HikariCP, DBCP2, Tomcat JDBC, Agroal, c3p0, Vibur, Druid and Oracle UCP pools and reports each connection's state, idle age, "
                + "in-use time and borrower thread. It changes no settings and stays loaded until "
                + "that JVM exits.";
        Integer major = majorVersion(jvmVersion);
        if (warnsOnLoad(jvmVersion)) {
            text += "\n\n" + (major == null ? "If the target runs Java 21 or later, it" : "The target runs Java " + major
                    + ", so it") + " will print a warning on its standard error that an agent was loaded "
                    + "dynamically (JEP 451). That warning is expected and harmless.";
        }
        return text;
    }

    /** True when the target is (or may be) Java 21+, which prints the JEP 451 warning on a dynamic load. */
    public static boolean warnsOnLoad(String jvmVersion) {
        Integer major = majorVersion(jvmVersion);
        return major == null || major >= 21;
    }

    /** The Java version of a local process, or null when it cannot be read. */
    public static String versionOf(long pid) {
        return ProcessHandle.of(pid).flatMap(JvmVersions::of).orElse(null);
    }

    /** "21.0.2" -> 21, "1.8.0_392" -> 8, "17" -> 17; null when unknown. */
    public static Integer majorVersion(String version) {
        if (version == null || version.isBlank()) {
            return null;
        }
        String v = version.trim();
        if (v.startsWith("1.")) {
            v = v.substring(2);
        }
        int end = 0;
        while (end < v.length() && Character.isDigit(v.charAt(end))) {
            end++;
        }
        return end == 0 ? null : Integer.valueOf(v.substring(0, end));
    }
}
