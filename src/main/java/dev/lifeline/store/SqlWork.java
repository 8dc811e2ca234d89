package dev.lifeline.store;

import java.sql.Connection;
import java.sql.SQLException;

/** A piece of database work run on the store's single connection (see {@link Database#inTransaction}). */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
