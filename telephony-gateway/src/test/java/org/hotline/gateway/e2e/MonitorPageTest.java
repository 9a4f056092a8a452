package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.hotline.asterisk.sim.dialplan.ChanSpyApp;
import org.hotline.gateway.testing.Browser;
import org.hotline.gateway.testing.StaffClient;
import org.hotline.gateway.testing.TestStaff;
import org.hotline.staff.directory.StaffRole;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * The wallboard's monitoring buttons in a real headless Chromium: a supervisor on duty opens a seat
 * with a call, whispers into it (the exchange runs ChanSpy with the whisper options on that seat),
 * sees the session go live, and hangs up from the board.
 */
class MonitorPageTest {

  @Test
  void aSupervisorWhispersFromTheWallboardAndHangsUp() throws Exception {
    Harness h = MonitorEndToEndTest.start(UnaryOperator.identity());
    try (Browser b = Browser.start();
        Browser agentPage = Browser.start()) {
      TestStaff.add(h.gateway, "mpa1", StaffRole.AGENT);
      TestStaff.add(h.gateway, "mpsup", StaffRole.SUPERVISOR);
      StaffClient agent = TestStaff.signIn(h.gateway, "mpa1");
      String callId = h.answeredCall(agent, "mpa1", "001", "13911117001");
      MonitorEndToEndTest.supervisorAt(h, "mpsup", "006");
      String base = "http://127.0.0.1:" + h.gateway.httpPort();
      WebDriver desk = agentPage.driver();
      desk.get(base + "/desktop/");
      agentPage.waitFor("sign in", x -> x.getCurrentUrl().contains("/signin/"));
      desk.findElement(By.id("username")).sendKeys("mpa1");
      desk.findElement(By.id("password")).sendKeys(TestStaff.PASSWORD);
      desk.findElement(By.id("go")).click();
      agentPage.waitFor(
          "the agent's desktop on the call",
          x -> x.findElement(By.id("state")).getText().equals("通话中"));

      WebDriver d = b.driver();
      d.get(base + "/wallboard/");
      b.waitFor("sign in", x -> x.getCurrentUrl().contains("/signin/"));
      d.findElement(By.id("username")).sendKeys("mpsup");
      d.findElement(By.id("password")).sendKeys(TestStaff.PASSWORD);
      d.findElement(By.id("go")).click();
      b.waitFor("the floor", x -> x.findElements(By.cssSelector("#floor .cell")).size() == 10);
      d.findElement(By.cssSelector("#floor .cell[data-seat='001']")).click();
      b.waitFor("the monitoring buttons", x -> x.findElement(By.id("mon-whisper")).isDisplayed());
      assertEquals("监听", d.findElement(By.id("mon-listen")).getText());
      assertEquals("密语（指导）", d.findElement(By.id("mon-whisper")).getText());
      assertEquals("强插", d.findElement(By.id("mon-barge")).getText());

      d.findElement(By.id("mon-whisper")).click();
      b.waitFor(
          "on the line", x -> x.findElement(By.id("mon-state")).getText().startsWith("正在密语坐席 001"));
      List<ChanSpyApp.Spied> spies = h.sim.spies().await(5, TimeUnit.SECONDS);
      assertEquals(1, spies.size());
      assertEquals("qESw", spies.get(0).options());
      assertTrue(spies.get(0).spyee().startsWith("PJSIP/seat001-"), spies.get(0).spyee());

      agentPage.waitFor(
          "the agent is told of the coaching",
          x -> x.findElement(By.id("supervised")).getText().equals("班长正在指导您"));

      b.waitFor("the hang-up button", x -> x.findElement(By.id("mon-stop")).isDisplayed());
      assertEquals("结束监听", d.findElement(By.id("mon-stop")).getText());
      d.findElement(By.id("mon-stop")).click();
      b.waitFor("ended", x -> x.findElement(By.id("mon-state")).getText().contains("已结束"));
      h.await(
          "the spy let go",
          Duration.ofSeconds(10),
          () -> !h.sim.spies().toCompletionStage().toCompletableFuture().join().get(0).active());
      agentPage.waitFor(
          "the notice goes away", x -> !x.findElement(By.id("supervised")).isDisplayed());
      h.sim.callerHangsUp(h.channelOf(callId)).await(5, TimeUnit.SECONDS);
    } finally {
      h.close();
    }
  }
}
