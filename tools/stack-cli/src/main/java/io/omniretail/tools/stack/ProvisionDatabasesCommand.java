package io.omniretail.tools.stack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * One database per service, owned by a login role of the same name; plus a replication role for Debezium that
 * may read the CDC database. Idempotent: running it again changes nothing.
 */
@Command(name = "provision-databases", description = "Creates a database and an owner role per name (idempotent).")
final class ProvisionDatabasesCommand implements Callable<Integer> {

    @Option(names = "--jdbc-url", required = true, description = "superuser connection, e.g. jdbc:postgresql://host:port/postgres")
    String jdbcUrl;
    @Option(names = "--user", required = true)
    String user;
    @Option(names = "--password", required = true)
    String password;
    @Option(names = "--owner-password", required = true, description = "password of every owner role (local stack only)")
    String ownerPassword;
    @Option(names = "--replication-user", description = "role Debezium connects as")
    String replicationUser;
    @Option(names = "--cdc-database", description = "database the replication role may read")
    String cdcDatabase;
    @Parameters(description = "database names")
    List<String> databases;

    @Override
    public Integer call() throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
            for (String database : databases) {
                requireIdentifier(database);
                createRole(connection, database, "LOGIN");
                if (!exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
                    execute(connection, "CREATE DATABASE " + database + " OWNER " + database);
                    System.out.println("    created database " + database);
                }
            }
            if (replicationUser != null) {
                requireIdentifier(replicationUser);
                createRole(connection, replicationUser, "LOGIN REPLICATION");
            }
        }
        if (replicationUser != null && cdcDatabase != null) {
            grantCdcRead();
        }
        System.out.println("    ok databases " + String.join(", ", databases));
        return 0;
    }

    /** Debezium reads every table of the POS schema, including tables created later by the POS owner. */
    private void grantCdcRead() throws SQLException {
        String url = jdbcUrl.substring(0, jdbcUrl.lastIndexOf('/') + 1) + cdcDatabase;
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            execute(connection, "GRANT CONNECT ON DATABASE " + cdcDatabase + " TO " + replicationUser);
            execute(connection, "GRANT USAGE ON SCHEMA public TO " + replicationUser);
            execute(connection, "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + replicationUser);
            execute(connection, "ALTER DEFAULT PRIVILEGES FOR ROLE " + cdcDatabase
                    + " IN SCHEMA public GRANT SELECT ON TABLES TO " + replicationUser);
        }
    }

    private void createRole(Connection connection, String role, String attributes) throws SQLException {
        if (!exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", role)) {
            // identifiers are validated; the password is a literal, so quote it
            execute(connection, "CREATE ROLE " + role + " " + attributes + " PASSWORD '" + ownerPassword.replace("'", "''") + "'");
            System.out.println("    created role " + role);
        }
    }

    private static boolean exists(Connection connection, String sql, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, name);
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void requireIdentifier(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain lower-case identifier: " + name);
        }
    }
}
