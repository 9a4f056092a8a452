package org.hotline.pg.support;

import java.sql.SQLTransientConnectionException;

/**
 * The database could not be reached, or not in time: no connection could be made (SQLState class
 * 08, connection refused), the connection broke, the server is shutting down or starting up
 * (57P01–57P03) or has no connection slot left (53300), no pooled connection or database thread
 * became free within the connection time-out, or too much work was already waiting. Callers answer
 * 503 and may try again later; the work did not run, or (when a connection broke during a commit)
 * may or may not have been committed.
 */
public final class DatabaseUnavailableException extends SQLTransientConnectionException {

  private static final long serialVersionUID = 1L;

  /**
   * @param sqlState the underlying failure's SQLState, or {@code null} for 08000
   * @param cause what the driver or the pool threw, if anything
   */
  public DatabaseUnavailableException(String message, String sqlState, Throwable cause) {
    super(message, sqlState == null ? "08000" : sqlState, cause);
  }

  /** Also for other modules' tests of their 503 answer. */
  public DatabaseUnavailableException(String message) {
    this(message, null, null);
  }
}
