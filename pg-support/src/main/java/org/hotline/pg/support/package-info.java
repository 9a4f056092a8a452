/**
 * How every module talks to PostgreSQL: {@link org.hotline.pg.support.Database} (a HikariCP pool,
 * JDBC work on its own bounded threads, transactions retried on serialization failures, per-module
 * Flyway migrations), {@link org.hotline.pg.support.DatabaseSettings} from the environment, and
 * {@link org.hotline.pg.support.SchemaCheck} for "code and migrations agree" tests.
 */
package org.hotline.pg.support;
