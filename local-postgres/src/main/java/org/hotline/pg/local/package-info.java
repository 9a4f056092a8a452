/**
 * A PostgreSQL for tests, benchmarks and the demo: {@code DATABASE_URL} when set, else a real
 * PostgreSQL we start from zonky's binaries (under a user namespace when the JVM runs as root).
 */
package org.hotline.pg.local;
