package dev.poolscope.lab.db;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A single-host pgjdbc URL taken apart, so the lab can point each pool at its own middlebox
 * instead of the database. Credentials in the URL are refused: the password comes from a file
 * or a field, never from something that ends up in shell history or a report.
 */
public record PgUrl(String host, int port, String database, List<String> params) {

    private static final String PREFIX = "jdbc:postgresql:";

    public static PgUrl parse(String url) throws LabInputException {
        if (url == null || url.isBlank()) {
            throw new LabInputException("The JDBC URL is empty. Expected jdbc:postgresql://host:port/database");
        }
        String u = url.strip();
        if (!u.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
            throw new LabInputException("Malformed JDBC URL: it must start with jdbc:postgresql:// (the lab works with PostgreSQL only).");
        }
        String rest = u.substring(PREFIX.length());
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String host = "localhost";
        int port = 5432;
        String database;
        if (rest.startsWith("//")) {
            rest = rest.substring(2);
            int slash = rest.indexOf('/');
            String hostPort = slash >= 0 ? rest.substring(0, slash) : rest;
            database = slash >= 0 ? rest.substring(slash + 1) : "";
            if (hostPort.contains(",")) {
                throw new LabInputException("Malformed JDBC URL for the lab: several hosts are given; the lab needs one host.");
            }
            if (hostPort.startsWith("[")) {
                int close = hostPort.indexOf(']');
                if (close < 0) {
                    throw new LabInputException("Malformed JDBC URL: an IPv6 host is missing its closing ']'.");
                }
                host = hostPort.substring(1, close);
                hostPort = hostPort.substring(close + 1);
                if (hostPort.startsWith(":")) {
                    port = parsePort(hostPort.substring(1));
                }
            } else {
                int colon = hostPort.lastIndexOf(':');
                if (colon >= 0) {
                    host = hostPort.substring(0, colon);
                    port = parsePort(hostPort.substring(colon + 1));
                } else {
                    host = hostPort;
                }
            }
            if (host.isBlank()) {
                throw new LabInputException("Malformed JDBC URL: the host is missing.");
            }
        } else {
            database = rest;
        }
        if (database.isBlank()) {
            database = "postgres";
        }
        List<String> params = new ArrayList<>();
        for (String p : query.split("&")) {
            if (p.isBlank()) {
                continue;
            }
            String key = p.split("=", 2)[0].toLowerCase(Locale.ROOT);
            if (key.equals("password")) {
                throw new LabInputException("Put the password in a password file (--password-file) or the password field, not in the URL.");
            }
            if (key.equals("user") || key.equals("socketfactory") || key.equals("tcpkeepalive")
                    || key.equals("sockettimeout") || key.equals("applicationname")) {
                continue; // set per strategy by the lab
            }
            params.add(p);
        }
        return new PgUrl(host, port, database, List.copyOf(params));
    }

    private static int parsePort(String s) throws LabInputException {
        try {
            int port = Integer.parseInt(s);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new LabInputException("Malformed JDBC URL: '" + s + "' is not a port number (1-65535).");
        }
    }

    /** The same database reached through a middlebox listening on loopback. */
    public String viaLoopbackPort(int proxyPort) {
        return "jdbc:postgresql://127.0.0.1:" + proxyPort + "/" + database + queryString();
    }

    public String direct() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + h + ":" + port + "/" + database + queryString();
    }

    private String queryString() {
        return params.isEmpty() ? "" : "?" + String.join("&", params);
    }
}
