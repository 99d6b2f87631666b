package dev.poolscope.testing;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** nftables for tests that make kernel-level silent drops (CI runs as root with nft installed). */
public final class Nft {

    private Nft() {
    }

    /** Whether this process can drop packets with nft: root, and nft answers. */
    public static boolean usable() {
        return isRoot() && works();
    }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static boolean works() {
        try {
            Process p = new ProcessBuilder("nft", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    /** Runs an nft script (nft -f -), with a deadline. */
    public static void run(String script) throws Exception {
        Process p = new ProcessBuilder("nft", "-f", "-").redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(script.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("nft answered").isTrue();
        assertThat(p.exitValue()).as("nft " + script + ": " + out).isZero();
    }
}
