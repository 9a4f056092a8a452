package org.hotline.support.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The same cases as local-postgres's DatabaseUrlTest: the two parsers must agree. */
class DatabaseUrlTest {

  private static final Map<String, String> NO_ENV = Map.of();

  @Test
  void libpqUriWithCredentialsPortAndDatabase() {
    DatabaseUrl url =
        DatabaseUrl.parse("postgresql://cases:s3cret@db.example:5433/hotline", NO_ENV);
    assertEquals("jdbc:postgresql://db.example:5433/hotline", url.jdbcUrl());
    assertEquals("cases", url.user());
    assertEquals("s3cret", url.password());
  }

  @Test
  void postgresSchemeIsTheSame() {
    DatabaseUrl url = DatabaseUrl.parse("postgres://u:p@127.0.0.1/db", NO_ENV);
    assertEquals("jdbc:postgresql://127.0.0.1/db", url.jdbcUrl());
    assertEquals("u", url.user());
    assertEquals("p", url.password());
  }

  @Test
  void percentEncodedCredentialsAreDecodedAndPlusIsAPlus() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://us%40r:p%3Aw%2Fd+x@h:1/d", NO_ENV);
    assertEquals("us@r", url.user());
    assertEquals("p:w/d+x", url.password());
  }

  @Test
  void parametersPassToTheDriverButCredentialsLeaveTheUrl() {
    DatabaseUrl url =
        DatabaseUrl.parse("postgresql://[::1]:5432/db?sslmode=require&password=pw&user=u", NO_ENV);
    assertEquals("jdbc:postgresql://[::1]:5432/db?sslmode=require", url.jdbcUrl());
    assertEquals("u", url.user());
    assertEquals("pw", url.password());
  }

  @Test
  void severalHostsStayAsTheyAre() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://u@h1:5432,h2:5433/db", NO_ENV);
    assertEquals("jdbc:postgresql://h1:5432,h2:5433/db", url.jdbcUrl());
    assertNull(url.password());
  }

  @Test
  void jdbcUrlLosesItsCredentialsToUserAndPassword() {
    DatabaseUrl url =
        DatabaseUrl.parse(
            "jdbc:postgresql://127.0.0.1:5432/hotline?user=gw&password=a%26b&ApplicationName=x",
            NO_ENV);
    assertEquals("jdbc:postgresql://127.0.0.1:5432/hotline?ApplicationName=x", url.jdbcUrl());
    assertEquals("gw", url.user());
    assertEquals("a&b", url.password());
  }

  @Test
  void environmentSuppliesWhatTheUrlLacks() {
    Map<String, String> env = Map.of("DATABASE_USER", "envuser", "DATABASE_PASSWORD", "envpw");
    DatabaseUrl bare = DatabaseUrl.parse("jdbc:postgresql://h/db", env);
    assertEquals("envuser", bare.user());
    assertEquals("envpw", bare.password());
    DatabaseUrl userOnly = DatabaseUrl.parse("postgresql://own@h/db", env);
    assertEquals("own", userOnly.user());
    assertEquals("envpw", userOnly.password());
    DatabaseUrl full = DatabaseUrl.parse("postgresql://own:pw@h/db", env);
    assertEquals("pw", full.password());
  }

  @Test
  void noHostMeansLocalhostAndNoDatabaseLeavesItToTheDriver() {
    assertEquals(
        "jdbc:postgresql://localhost/", DatabaseUrl.parse("postgresql://", NO_ENV).jdbcUrl());
  }

  @Test
  void otherSchemesAreRefusedWithoutRepeatingTheUrl() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DatabaseUrl.parse("mysql://root:topsecret@h/db", NO_ENV));
    assertFalse(e.getMessage().contains("topsecret"));
  }

  @Test
  void toStringNeverShowsThePassword() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://u:topsecret@h/db", NO_ENV);
    assertFalse(url.toString().contains("topsecret"));
  }

  @Test
  void withDatabaseKeepsServerAndParameters() {
    assertEquals(
        "jdbc:postgresql://h:1/other?sslmode=require",
        DatabaseUrl.withDatabase("jdbc:postgresql://h:1/db?sslmode=require", "other"));
    assertEquals(
        "jdbc:postgresql://h:1/other", DatabaseUrl.withDatabase("jdbc:postgresql://h:1", "other"));
  }
}
