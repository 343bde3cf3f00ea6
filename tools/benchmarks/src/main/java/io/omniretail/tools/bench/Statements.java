package io.omniretail.tools.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * The statements each database of the local stack ran: PostgreSQL's pg_stat_statements (top-level statements;
 * tools/stack/stack.sh preloads it). Unlike CPU time, the count does not depend on what else the machine is doing,
 * so a handler that sends more or fewer statements per order shows in a single run. Unavailable (empty snapshots, one
 * line on stderr) on a stack initialised before the extension was preloaded.
 */
final class Statements implements AutoCloseable {

    private final Connection connection;

    Statements(String url, String user, String password) {
        Connection opened = null;
        try {
            opened = DriverManager.getConnection(url, user, password);
            try (Statement statement = opened.createStatement()) {
                statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
                statement.executeQuery("SELECT 1 FROM pg_stat_statements LIMIT 1").close();
            }
        } catch (SQLException e) {
            System.err.println("statement counts unavailable (" + e.getMessage().strip() + "); `make clean` re-creates the stack with them");
            closeQuietly(opened);
            opened = null;
        }
        connection = opened;
    }

    /** Statements run so far, per database (not counting this one's, where the counts are read). */
    Map<String, Long> snapshot() {
        Map<String, Long> calls = new TreeMap<>();
        if (connection == null) {
            return calls;
        }
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("""
                SELECT d.datname, sum(s.calls) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                WHERE d.datname <> current_database() GROUP BY d.datname""")) {
            while (rows.next()) {
                calls.put(rows.getString(1), rows.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading pg_stat_statements", e);
        }
        return calls;
    }

    /** Statements per unit between two snapshots, per database that ran any, and in all. */
    static Map<String, Double> perUnit(Map<String, Long> before, Map<String, Long> after, long units) {
        Map<String, Double> perUnit = new TreeMap<>();
        long total = 0;
        for (Map.Entry<String, Long> entry : after.entrySet()) {
            long ran = entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
            if (ran > 0) {
                total += ran;
                perUnit.put(entry.getKey(), units == 0 ? Double.NaN : (double) ran / units);
            }
        }
        if (!perUnit.isEmpty()) {
            perUnit.put("all", units == 0 ? Double.NaN : (double) total / units);
        }
        return perUnit;
    }

    @Override
    public void close() {
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // nothing to keep
            }
        }
    }
}
