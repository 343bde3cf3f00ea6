package io.omniretail.tools.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs SQL files (each as one script, idempotent by convention) over JDBC: no psql needed. */
@Command(name = "run-sql", description = "Executes SQL script files against a database.")
final class RunSqlCommand implements Callable<Integer> {

    @Option(names = "--jdbc-url", required = true)
    String jdbcUrl;
    @Option(names = "--user", required = true)
    String user;
    @Option(names = "--password", required = true)
    String password;
    @Parameters(description = "SQL files, run in order")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
            for (Path file : files) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(Files.readString(file));
                }
                System.out.println("    ok ran " + file.getFileName());
            }
        }
        return 0;
    }
}
