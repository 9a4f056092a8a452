package org.hotline.gateway.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import org.hotline.gateway.testing.TestDatabases;
import org.hotline.pg.support.Database;
import org.junit.jupiter.api.Test;

/**
 * Code and migrations agree: every SQL statement in our classes is parsed and described by
 * PostgreSQL against a database built by the migrations alone (an unknown table, column, type or
 * function fails here, not in production).
 */
class SchemaAgreementTest {

  @Test
  void everyStatementInTheCodeIsValidAgainstTheMigratedSchema() throws Exception {
    SqlInClasses.Found found = SqlInClasses.onClasspath();
    // the case bridge, the outbox, agent time and call records all carry SQL
    assertTrue(found.statements().size() >= 40, "statements found: " + found.statements().size());
    Map<String, String> all = new TreeMap<>(found.statements());
    // built at run time ("… " + (lock ? " FOR UPDATE" : "")): checked with the variable part empty
    found.dynamic().forEach((recipe, where) -> all.put(recipe.replace("\u0001", ""), where));
    try (Database db = TestDatabases.connect(TestDatabases.fresh("schema_agreement"))) {
      Map<String, String> broken =
          db.query(
                  c -> {
                    Map<String, String> problems = new TreeMap<>();
                    for (Map.Entry<String, String> s : all.entrySet()) {
                      try {
                        describe(c, s.getKey());
                      } catch (SQLException e) {
                        problems.put(s.getValue() + ": " + s.getKey(), e.getMessage());
                      }
                    }
                    return problems;
                  })
              .toCompletableFuture()
              .join();
      assertEquals(Map.of(), broken);
    }
  }

  @Test
  void aStatementNamingAColumnTheMigrationsDoNotHaveIsCaught() throws Exception {
    try (Database db = TestDatabases.connect(TestDatabases.fresh("schema_disagreement"))) {
      SQLException e =
          db.query(
                  c ->
                      assertThrows(
                          SQLException.class,
                          () ->
                              describe(
                                  c,
                                  "SELECT wrap_seconds FROM hotline.call_detail WHERE call_id"
                                      + " = ?")))
              .toCompletableFuture()
              .join();
      assertTrue(e.getMessage().contains("wrap_seconds"), e.getMessage());
    }
  }

  /** Parse and describe only: PostgreSQL resolves every name and type, runs nothing. */
  private static void describe(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.getParameterMetaData();
    }
  }
}
