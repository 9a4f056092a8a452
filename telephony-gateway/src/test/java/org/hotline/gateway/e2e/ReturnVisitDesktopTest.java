package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.hotline.cases.api.CaseStatus;
import org.hotline.cases.api.ReturnVisitPolicy;
import org.hotline.gateway.testing.Browser;
import org.hotline.gateway.testing.TestStaff;
import org.hotline.seat.api.AgentState;
import org.hotline.staff.directory.StaffRole;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * A return visit made by an agent from the desktop in a real headless Chromium (mode agent): the
 * due visit shows between calls, the agent takes it, calls it (the seat rings, then the resident),
 * records "basically satisfied, resolved", and the case closes; the seat is free again.
 */
class ReturnVisitDesktopTest {

  @Test
  void anAgentTakesCallsAndRecordsAReturnVisitFromTheDesktop() throws Exception {
    Harness h =
        Harness.startWithVisits(
            o -> o.withSeed(1205), ReturnVisitEndToEndTest.quick(ReturnVisitPolicy.Mode.AGENT));
    try (Browser b = Browser.start()) {
      TestStaff.add(h.gateway, "rvpage", StaffRole.AGENT);
      h.sim.seat("seat004").behave(SeatBehaviour.answering(0.3, 600));
      h.sim.seat("PJSIP/13900000601@trunk").behave(SeatBehaviour.answering(0.3, 600));
      String id = ReturnVisitEndToEndTest.submittedCase(h, "13900000601");
      ReturnVisitEndToEndTest.resolveOverHttp(h, id);

      WebDriver d = b.driver();
      d.get("http://127.0.0.1:" + h.gateway.httpPort() + "/desktop/?seat=004");
      b.waitFor("sign in first", x -> x.getCurrentUrl().contains("/signin/"));
      d.findElement(By.id("username")).sendKeys("rvpage");
      d.findElement(By.id("password")).sendKeys(TestStaff.PASSWORD);
      d.findElement(By.id("go")).click();
      b.waitFor("the duty panel", x -> x.findElement(By.id("on-duty")).isDisplayed());
      d.findElement(By.id("on-duty")).click();
      b.waitFor("available", x -> x.findElement(By.id("state")).getText().equals("空闲"));

      b.waitFor(
          "the due visit listed",
          x ->
              x.findElement(By.id("visits")).isDisplayed()
                  && !x.findElements(By.cssSelector("#rv-list tr[data-case='" + id + "']"))
                      .isEmpty());
      assertEquals("回访", d.findElement(By.id("visits-title")).getText());
      d.findElement(By.cssSelector("#rv-list tr[data-case='" + id + "'] button.claim")).click();
      b.waitFor(
          "taken: the call button",
          x ->
              !x.findElements(By.cssSelector("#rv-list tr[data-case='" + id + "'] button.dial"))
                  .isEmpty());
      d.findElement(By.cssSelector("#rv-list tr[data-case='" + id + "'] button.dial")).click();
      b.waitFor("the survey", x -> x.findElement(By.id("rv-survey")).isDisplayed());
      assertTrue(d.findElement(By.id("rv-calling")).getText().contains("13900000601"));
      assertEquals(
          AgentState.PAUSED,
          h.gateway.seats().status("rvpage").toCompletableFuture().join().state());
      assertTrue(!d.findElement(By.id("rv-save")).isEnabled(), "both answers first");
      d.findElement(By.cssSelector("#rv-sat button[data-key='2']")).click();
      d.findElement(By.cssSelector("#rv-res button[data-key='1']")).click();
      d.findElement(By.id("rv-save")).click();
      b.waitFor("the case closed", x -> x.findElement(By.id("message")).getText().contains("已关闭"));
      assertEquals(CaseStatus.CLOSED, ReturnVisitEndToEndTest.caseOf(h, id).status());
      h.await(
          "the seat free again",
          Duration.ofSeconds(10),
          () ->
              h.gateway.seats().status("rvpage").toCompletableFuture().join().state()
                  == AgentState.AVAILABLE);
    } finally {
      h.close();
    }
  }
}
