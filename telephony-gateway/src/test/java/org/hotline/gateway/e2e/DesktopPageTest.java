package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.hotline.asterisk.sim.agi.Keypad;
import org.hotline.asterisk.sim.call.CallSpec;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.hotline.gateway.testing.Browser;
import org.hotline.gateway.testing.TestStaff;
import org.hotline.staff.directory.StaffRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * The agent desktop in a real headless Chromium: sign in, go on duty at the workstation's seat,
 * take a first call, finish wrap-up, and see the second call's pop with the caller's history while
 * it still rings; the caller's hostile name shows as text.
 */
class DesktopPageTest {

  private static Harness h;

  @BeforeAll
  static void start() throws Exception {
    h = Harness.start(o -> o.withSeed(91), Duration.ofSeconds(10));
    TestStaff.add(h.gateway, "page1", StaffRole.AGENT);
  }

  @AfterAll
  static void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void anAgentSeesThePopWithHistoryBeforeAnswering() throws Exception {
    h.sim.seat("seat003").behave(SeatBehaviour.answering(3.0, 1.0));
    CallSpec caller =
        new CallSpec("13600005678", "<img src=x onerror=alert(1)>", "10000", 600, Keypad.silent());
    try (Browser b = Browser.start()) {
      WebDriver d = b.driver();
      d.get("http://127.0.0.1:" + h.gateway.httpPort() + "/desktop/?seat=003");
      b.waitFor("sign in first", x -> x.getCurrentUrl().contains("/signin/"));
      d.findElement(By.id("username")).sendKeys("page1");
      d.findElement(By.id("password")).sendKeys(TestStaff.PASSWORD);
      d.findElement(By.id("go")).click();
      b.waitFor("the desktop", x -> x.getCurrentUrl().contains("/desktop/?seat=003"));
      b.waitFor("the duty panel", x -> x.findElement(By.id("on-duty")).isDisplayed());
      assertEquals("003", d.findElement(By.id("seat")).getAttribute("value"));
      d.findElement(By.id("on-duty")).click();
      b.waitFor("available", x -> x.findElement(By.id("state")).getText().equals("空闲"));

      // a first call: answered, ended, wrap-up; the agent is ready again
      h.sim.placeCall(caller).await(5, TimeUnit.SECONDS);
      b.waitFor("ringing", x -> x.findElement(By.id("ringing")).isDisplayed());
      b.waitFor("wrap-up", x -> x.findElement(By.id("state")).getText().equals("话后处理"));
      d.findElement(By.id("ready")).click();
      b.waitFor("available again", x -> x.findElement(By.id("state")).getText().equals("空闲"));

      // the second call's pop shows the first call's case while it still rings
      h.sim.placeCall(caller).await(5, TimeUnit.SECONDS);
      b.waitFor(
          "the pop with history while ringing",
          x ->
              x.findElement(By.id("state")).getText().equals("振铃")
                  && !x.findElements(By.cssSelector("#history tr")).isEmpty());
      assertEquals("13600005678", d.findElement(By.id("number")).getText());
      assertTrue(
          d.findElement(By.id("name")).getText().contains("onerror"),
          "the name is shown as text: " + d.findElement(By.id("name")).getText());
      assertTrue(d.findElements(By.cssSelector("#pop img")).isEmpty(), "never markup");
      String firstCase =
          h.cases
              .callerHistory("13600005678")
              .toCompletableFuture()
              .join()
              .lastCases()
              .get(0)
              .caseId();
      assertEquals(
          firstCase,
          d.findElement(By.cssSelector("#history tr td")).getText(),
          "the first call's case");
      b.waitFor("answered", x -> x.findElement(By.id("state")).getText().equals("通话中"));
    }
  }
}
