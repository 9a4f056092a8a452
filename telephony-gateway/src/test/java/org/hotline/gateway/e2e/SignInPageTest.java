package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.hotline.gateway.testing.Browser;
import org.hotline.gateway.testing.TestStaff;
import org.hotline.staff.directory.StaffRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * The sign-in page in a real headless Chromium: the wallboard sends a visitor without a session
 * there, Chinese by default and English on request; a wrong password says so; a supervisor lands
 * back on the wallboard and sees live figures; a person whose password an admin chose must choose
 * their own first; an agent is told the wallboard is not theirs.
 */
class SignInPageTest {

  private static Harness h;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    h = Harness.start(o -> o.withSeed(61), Duration.ofSeconds(5));
    base = "http://127.0.0.1:" + h.gateway.httpPort();
    TestStaff.add(h.gateway, "sup7", StaffRole.SUPERVISOR);
    TestStaff.add(h.gateway, "agent7", StaffRole.AGENT);
  }

  @AfterAll
  static void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  private static void signIn(WebDriver d, String user, String password) {
    d.findElement(By.id("username")).clear();
    d.findElement(By.id("username")).sendKeys(user);
    d.findElement(By.id("password")).clear();
    d.findElement(By.id("password")).sendKeys(password);
    d.findElement(By.id("go")).click();
  }

  @Test
  void theWallboardSendsAVisitorToSignInAndASupervisorBackToLiveFigures() throws Exception {
    try (Browser b = Browser.start()) {
      WebDriver d = b.driver();
      d.get(base + "/wallboard/");
      b.waitFor("redirected to sign in", x -> x.getCurrentUrl().contains("/signin/"));
      assertTrue(d.getCurrentUrl().contains("next=%2Fwallboard%2F"), d.getCurrentUrl());
      assertEquals("12345 热线 · 登录", d.getTitle());
      assertEquals("工号", d.findElement(By.id("l-user")).getText());

      signIn(d, "sup7", "not the password");
      b.waitFor(
          "the refusal is shown",
          x -> x.findElement(By.id("message")).getText().contains("工号或密码错误"));
      assertTrue(d.getCurrentUrl().contains("/signin/"));

      signIn(d, "sup7", TestStaff.PASSWORD);
      b.waitFor("back on the wallboard", x -> x.getCurrentUrl().endsWith("/wallboard/"));
      b.waitFor("live figures", x -> !x.findElements(By.cssSelector("#queue-rows tr")).isEmpty());
      assertEquals("队列", d.findElement(By.cssSelector("#queue-head th")).getText());
      assertEquals(
          2, d.findElements(By.cssSelector("#queue-rows tr")).size(), "general and english queues");
      // the session cookie is out of the page's reach
      Object cookies =
          ((org.openqa.selenium.JavascriptExecutor) d).executeScript("return document.cookie");
      assertFalse(String.valueOf(cookies).contains("hotline_session"), String.valueOf(cookies));
    }
  }

  @Test
  void inEnglishAndWithAPasswordToChangeFirst() throws Exception {
    var staff = h.gateway.staff().orElseThrow();
    staff
        .create(
            new org.hotline.staff.directory.StaffProfile(
                "fresh7",
                "新 主管",
                java.util.Set.of(StaffRole.MANAGER),
                java.util.Map.of(),
                java.util.Set.of(),
                java.util.Set.of(),
                ""),
            Optional.of("chosen by admin 7"))
        .toCompletableFuture()
        .join();
    try (Browser b = Browser.start()) {
      WebDriver d = b.driver();
      d.get(base + "/signin/?lang=en&next=/wallboard/");
      assertEquals("12345 Hotline · Sign in", d.getTitle());
      assertEquals("Staff ID", d.findElement(By.id("l-user")).getText());
      signIn(d, "fresh7", "chosen by admin 7");
      b.waitFor("asked to choose a password", x -> x.findElement(By.id("change")).isDisplayed());
      d.findElement(By.id("new")).sendKeys("my very own 77");
      d.findElement(By.id("change-go")).click();
      b.waitFor("on the wallboard", x -> x.getCurrentUrl().contains("/wallboard/"));
      b.waitFor("figures", x -> !x.findElements(By.cssSelector("#queue-rows tr")).isEmpty());
      assertEquals("Queue", d.findElement(By.cssSelector("#queue-head th")).getText());
    }
    assertTrue(
        staff.verify("fresh7", "my very own 77").toCompletableFuture().join().isPresent(),
        "the new password is the one stored");
  }

  @Test
  void anAgentIsToldTheWallboardIsNotTheirs() throws Exception {
    try (Browser b = Browser.start()) {
      WebDriver d = b.driver();
      d.get(base + "/signin/?next=/wallboard/");
      signIn(d, "agent7", TestStaff.PASSWORD);
      b.waitFor("on the wallboard", x -> x.getCurrentUrl().endsWith("/wallboard/"));
      b.waitFor(
          "told why nothing shows",
          x -> x.findElement(By.id("notes")).getText().contains("仅供班长和管理人员"));
      assertTrue(d.findElements(By.cssSelector("#queue-rows tr")).isEmpty());
    }
  }
}
