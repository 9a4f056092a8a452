package org.hotline.pg.support;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * JDBC work on a pooled connection, run on one of {@link Database}'s threads. It must not keep the
 * connection, nor anything read from it that is still open (a ResultSet), past its return.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface SqlWork<T> {

  /** Does the work on {@code c}; in a {@link Database#transaction(SqlWork)}, may run again. */
  T apply(Connection c) throws SQLException;
}
