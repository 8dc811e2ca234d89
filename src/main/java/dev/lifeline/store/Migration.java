package dev.lifeline.store;

import java.util.List;

/**
 * One step of the schema: applied once, in order, inside its own transaction, and recorded
 * in {@code schema_version}. Never edit a released migration; add the next one.
 *
 * @param version     1, 2, 3, ... without gaps
 * @param description what it does, stored with the version for humans poking at the DB
 * @param statements  SQL statements, run in order
 */
public record Migration(int version, String description, List<String> statements) {
    public Migration {
        statements = List.copyOf(statements);
    }
}
