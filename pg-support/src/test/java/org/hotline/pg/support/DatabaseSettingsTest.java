package org.hotline.pg.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseSettingsTest {

  @Test
  void databaseUrlGivesUrlUserAndPasswordAndTheDefaults() {
    DatabaseSettings s =
        DatabaseSettings.fromEnvironment(
            "gateway", Map.of("DATABASE_URL", "postgresql://gw:s3cret@db:5432/hotline"));
    assertEquals("jdbc:postgresql://db:5432/hotline", s.jdbcUrl());
    assertEquals("gw", s.user());
    assertEquals("s3cret", s.password());
    assertEquals("gateway", s.applicationName());
    assertEquals(10, s.poolSize());
    assertEquals(Duration.ofSeconds(5), s.connectionTimeout());
    assertEquals(1000, s.maxWaiting());
  }

  @Test
  void jdbcUrlWithUserAndPasswordFromTheirOwnVariables() {
    DatabaseSettings s =
        DatabaseSettings.fromEnvironment(
            "cases",
            Map.of(
                "DATABASE_JDBC_URL", "jdbc:postgresql://db/hotline?sslmode=verify-full",
                "DATABASE_USER", "cases",
                "DATABASE_PASSWORD", "pw",
                "DATABASE_POOL_SIZE", "4",
                "DATABASE_CONNECTION_TIMEOUT_MS", "1500",
                "DATABASE_MAX_WAITING", "50"));
    assertEquals("jdbc:postgresql://db/hotline?sslmode=verify-full", s.jdbcUrl());
    assertEquals("cases", s.user());
    assertEquals("pw", s.password());
    assertEquals(4, s.poolSize());
    assertEquals(Duration.ofMillis(1500), s.connectionTimeout());
    assertEquals(50, s.maxWaiting());
  }

  @Test
  void passwordFromAFileWithoutItsLineBreak(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("db-password");
    Files.writeString(file, "p@ss word\n");
    DatabaseSettings s =
        DatabaseSettings.fromEnvironment(
            "cases",
            Map.of(
                "DATABASE_JDBC_URL", "jdbc:postgresql://db/hotline",
                "DATABASE_USER", "cases",
                "DATABASE_PASSWORD_FILE", file.toString()));
    assertEquals("p@ss word", s.password());
  }

  @Test
  void ambiguousOrMissingConfigurationIsRefused() {
    assertThrows(
        IllegalStateException.class, () -> DatabaseSettings.fromEnvironment("x", Map.of()));
    assertThrows(
        IllegalStateException.class,
        () ->
            DatabaseSettings.fromEnvironment(
                "x",
                Map.of(
                    "DATABASE_URL", "postgresql://h/db",
                    "DATABASE_JDBC_URL", "jdbc:postgresql://h/db")));
    assertThrows(
        IllegalStateException.class,
        () ->
            DatabaseSettings.fromEnvironment(
                "x",
                Map.of(
                    "DATABASE_URL", "postgresql://u@h/db",
                    "DATABASE_PASSWORD", "a",
                    "DATABASE_PASSWORD_FILE", "/run/secrets/db")));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            DatabaseSettings.fromEnvironment(
                "x", Map.of("DATABASE_JDBC_URL", "postgresql://u:p@h/db")));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            DatabaseSettings.fromEnvironment(
                "x", Map.of("DATABASE_URL", "postgresql://h/db", "DATABASE_POOL_SIZE", "ten")));
    assertThrows(
        IllegalArgumentException.class,
        () -> DatabaseSettings.of("jdbc:postgresql://h/db", "u", "p", "x").withPoolSize(0));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            DatabaseSettings.of("jdbc:postgresql://h/db", "u", "p", "x")
                .withConnectionTimeout(Duration.ofMillis(10)));
  }

  @Test
  void thePasswordIsNeverInToString() {
    DatabaseSettings s =
        DatabaseSettings.fromEnvironment(
            "x", Map.of("DATABASE_URL", "postgresql://u:topsecret@h/db"));
    assertFalse(s.toString().contains("topsecret"), s.toString());
  }
}
