package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.hotline.asterisk.sim.agi.Keypad;
import org.hotline.asterisk.sim.call.CallSpec;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.hotline.cases.api.CallFacts;
import org.hotline.cases.api.Case;
import org.hotline.cases.api.CaseForm;
import org.hotline.cases.api.StatusUpdate;
import org.hotline.gateway.testing.Browser;
import org.hotline.gateway.testing.TestStaff;
import org.hotline.gateway.wallboard.WallboardSettings;
import org.hotline.seat.api.AgentState;
import org.hotline.staff.directory.StaffRole;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The wallboard in a real headless Chromium while calls flow: a supervisor signs in, sees the floor
 * (every seat a cell, the officials' seat marked), sees the numbers change as calls arrive and are
 * answered, opens a seat and pauses its agent from the board, and reads the formulas; the same
 * board in English.
 */
class WallboardPageTest {

  @Test
  void aSupervisorWatchesTheFloorLiveAndPausesASeat() throws Exception {
    Harness h =
        Harness.start(
            o -> o.withSeed(1207),
            Duration.ofSeconds(10),
            org.hotline.redis.local.LocalRedis.shared().uri(),
            c ->
                c.withWallboard(
                    new WallboardSettings(
                        0.8,
                        10,
                        Duration.ofSeconds(60),
                        Duration.ofMinutes(30),
                        Duration.ofMinutes(20),
                        Set.of("002"),
                        Duration.ofSeconds(1))));
    try (Browser b = Browser.start()) {
      TestStaff.add(h.gateway, "wbp", StaffRole.SUPERVISOR);
      for (int i = 1; i <= 3; i++) {
        h.sim.seat("seat00" + i).behave(SeatBehaviour.answering(1.0, 8));
        h.agent("wp" + i, "00" + i, "zh");
      }
      WebDriver d = b.driver();
      String base = "http://127.0.0.1:" + h.gateway.httpPort();
      d.get(base + "/wallboard/");
      b.waitFor("sign in", x -> x.getCurrentUrl().contains("/signin/"));
      d.findElement(By.id("username")).sendKeys("wbp");
      d.findElement(By.id("password")).sendKeys(TestStaff.PASSWORD);
      d.findElement(By.id("go")).click();
      b.waitFor("the floor", x -> x.findElements(By.cssSelector("#floor .cell")).size() == 10);
      assertEquals("12345 热线 · 实时看板", d.getTitle());
      assertEquals("队列", d.findElement(By.cssSelector("#queue-head th")).getText());
      b.waitFor(
          "three agents free", x -> x.findElements(By.cssSelector(".cell.available")).size() == 3);
      assertTrue(cell(d, "002").getAttribute("class").contains("official"));
      assertEquals("0", column(d, 8), "nothing offered yet");

      for (int i = 0; i < 2; i++) {
        h.sim
            .placeCall(new CallSpec("1380000700" + i, "", "10000", 600, Keypad.silent()))
            .await(5, TimeUnit.SECONDS);
      }
      b.waitFor("two offered", x -> column(x, 8).equals("2"));
      b.waitFor("two talking", x -> x.findElements(By.cssSelector(".cell.talking")).size() == 2);
      b.waitFor("two answered", x -> column(x, 9).equals("2"));
      b.waitFor(
          "the trend charts drawn",
          x ->
              !x.findElements(By.cssSelector("#chart-calls canvas")).isEmpty()
                  && !x.findElements(By.cssSelector("#chart-sl canvas")).isEmpty());
      Path shot = Path.of("target", "wallboard.png");
      Files.write(shot, ((TakesScreenshot) d).getScreenshotAs(OutputType.BYTES));

      // the free seat: open it and pause its agent from the board
      WebElement free = d.findElements(By.cssSelector(".cell.available")).get(0);
      String seat = free.getAttribute("data-seat");
      free.click();
      b.waitFor(
          "the seat's panel", x -> x.findElement(By.id("seat-facts")).getText().contains("wp"));
      String agent = "wp" + Integer.parseInt(seat);
      assertTrue(d.findElement(By.id("seat-facts")).getText().contains(agent));
      d.findElement(By.id("act-pause")).click();
      b.waitFor(
          "the seat turns paused", x -> cell(x, seat).getAttribute("class").contains("paused"));
      assertEquals(AgentState.PAUSED, h.state(agent));
      h.await(
          "the pause in the audit trail, by the supervisor",
          Duration.ofSeconds(10),
          () ->
              h.db
                  .query(
                      c -> {
                        try (var ps =
                            c.prepareStatement(
                                "SELECT count(*) FROM hotline.audit_event"
                                    + " WHERE actor = 'wbp' AND action = 'agent.pause'"
                                    + " AND target = ?")) {
                          ps.setString(1, agent);
                          try (var rs = ps.executeQuery()) {
                            rs.next();
                            return rs.getLong(1) == 1;
                          }
                        }
                      })
                  .toCompletableFuture()
                  .join());

      d.findElement(By.id("help-button")).click();
      assertTrue(d.findElement(By.id("help-list")).getText().contains("服务水平"));
      assertTrue(d.findElement(By.id("help-list")).getText().contains("市级督办"));

      // a case escalated to the city (督办升级) shows among the alerts, in red
      h.db
          .query(
              c -> {
                try (var ps =
                    c.prepareStatement(
                        "INSERT INTO hotline.supervision_alert (kind, case_id, at, deadline,"
                            + " district, urgency, escalated_to) VALUES ('escalated',"
                            + " '20261207-000077', now(), now(), 'chaoyang', 'general', 'city')")) {
                  return ps.executeUpdate();
                }
              })
          .toCompletableFuture()
          .join();
      b.waitFor(
          "the escalation among the alerts",
          x ->
              x.findElements(By.cssSelector("#alerts li.critical")).stream()
                  .anyMatch(
                      li ->
                          li.getText().contains("20261207-000077")
                              && li.getText().contains("市级督办")));

      // 延期: a unit's request waits on the board; the supervisor grants it there
      Instant t0 = Instant.now();
      h.cases
          .callAnswered(
              CallFacts.entered("ast1:1796600000.91", "ast1", "13912345678", "general", t0)
                  .answered("wp1", "001", t0))
          .toCompletableFuture()
          .join();
      Case k =
          h.cases
              .submitForm(
                  "ast1:1796600000.91",
                  new CaseForm(
                      "complaint",
                      "heating.not_warm",
                      "望京西园三区",
                      null,
                      null,
                      null,
                      "暖气不热",
                      "dispatch",
                      null,
                      null,
                      null,
                      "wp1"))
              .toCompletableFuture()
              .join();
      h.cases
          .applyStatusUpdate(
              new StatusUpdate(
                  "wb-ext-1",
                  k.caseId(),
                  StatusUpdate.Kind.EXTENSION_REQUESTED,
                  "热力集团",
                  Optional.of("待材料"),
                  t0,
                  Optional.of(new StatusUpdate.By(Duration.ofDays(2)))))
          .toCompletableFuture()
          .join();
      d.get(base + "/wallboard/?lang=en");
      b.waitFor(
          "in English",
          x -> x.findElement(By.cssSelector("#queue-head th")).getText().equals("Queue"));
      b.waitFor(
          "the floor again", x -> x.findElements(By.cssSelector("#floor .cell")).size() == 10);
      assertEquals("12345 Hotline · Live board", d.getTitle());
      b.waitFor(
          "the extension request on the board",
          x -> x.findElement(By.id("extensions")).getText().contains(k.caseId()));
      d.findElement(By.xpath("//ul[@id='extensions']/li/button[text()='Grant']")).click();
      b.waitFor(
          "granted, nothing waits",
          x -> x.findElement(By.id("extensions")).getText().contains("No extension request waits"));
      assertEquals(
          k.deadline().orElseThrow().plus(Duration.ofDays(2)),
          h.cases
              .findCase(k.caseId())
              .toCompletableFuture()
              .join()
              .orElseThrow()
              .deadline()
              .orElseThrow(),
          "the deadline moved");
      b.waitFor(
          "the escalation in English",
          x -> x.findElement(By.id("alerts")).getText().contains("escalated to the city"));
    } finally {
      h.close();
    }
  }

  private static WebElement cell(WebDriver d, String seat) {
    return d.findElement(By.cssSelector("#floor .cell[data-seat='" + seat + "']"));
  }

  /** The general queue's figure in column {@code index} (0 = the queue's name). */
  private static String column(WebDriver d, int index) {
    return d.findElements(By.cssSelector("#queue-rows tr[data-queue='general'] td"))
        .get(index)
        .getText();
  }
}
