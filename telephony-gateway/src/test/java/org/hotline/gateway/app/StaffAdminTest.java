package org.hotline.gateway.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.hotline.gateway.testing.TestDatabases;
import org.hotline.pg.support.Database;
import org.hotline.staff.directory.StaffDirectory;
import org.hotline.staff.directory.StaffRole;
import org.hotline.staff.password.PasswordHasher;
import org.junit.jupiter.api.Test;

/** The first admin and the first staff, from a shell, before anyone can sign in. */
class StaffAdminTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Map<String, String> env, String typed, String... args) {
    return StaffAdmin.run(
        List.of(args),
        env,
        new BufferedReader(new StringReader(typed)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void theFirstAdminIsCreatedFromTheConsoleAndTheFirstStaffFromAFile() throws Exception {
    String url = TestDatabases.fresh("staffadmin");
    Map<String, String> env = new HashMap<>(TestDatabases.environment(url));
    assertEquals(2, run(env, "", "create-admin"), "usage");
    assertEquals(
        0, run(env, "the first admin 2026\n", "create-admin", "root", "系统管理员"), err.toString());
    assertTrue(out.toString().contains("admin root created"), out.toString());
    assertEquals(1, run(env, "another one here\n", "create-admin", "root", "again"), "taken");
    assertEquals(1, run(env, "short\n", "create-admin", "root2", "weak"), "too short");
    env.put(StaffAdmin.PASSWORD_ENV, "from the environment 9");
    assertEquals(0, run(env, "", "create-admin", "root3", "second admin"), err.toString());

    Path csv = Files.createTempFile("staff", ".csv");
    Files.writeString(
        csv,
        "staff_id,name,roles,skills\nf1,一号,agent,general:5\nf2,二号,agent|supervisor,general:7\n");
    assertEquals(0, run(env, "", "import", csv.toString()), err.toString());
    assertTrue(out.toString().contains("2 created"), out.toString());
    Files.writeString(csv, "staff_id,name,roles\nf3,三号,agent\nf4,四号,boss\n");
    assertEquals(1, run(env, "", "import", csv.toString()));
    assertTrue(err.toString().contains("line 3 roles"), err.toString());

    ExecutorService hashing = Executors.newSingleThreadExecutor();
    try (Database db = TestDatabases.connect(url)) {
      StaffDirectory staff = new StaffDirectory(db, new PasswordHasher(), hashing);
      var root = staff.verify("root", "the first admin 2026").toCompletableFuture().join();
      assertTrue(root.isPresent());
      assertTrue(root.get().has(StaffRole.ADMIN));
      assertTrue(!root.get().mustChangePassword(), "chosen at the console by its owner");
      assertTrue(
          staff.verify("root3", "from the environment 9").toCompletableFuture().join().isPresent());
      assertTrue(
          staff.find("f2").toCompletableFuture().join().orElseThrow().has(StaffRole.SUPERVISOR));
      assertTrue(
          staff.find("f3").toCompletableFuture().join().isEmpty(), "a refused file adds no one");
    } finally {
      hashing.shutdownNow();
    }
  }
}
