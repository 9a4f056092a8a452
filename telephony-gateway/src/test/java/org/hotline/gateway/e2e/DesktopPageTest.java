package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hotline.asterisk.sim.agi.Keypad;
import org.hotline.asterisk.sim.call.CallSpec;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.hotline.gateway.testing.Browser;
import org.hotline.gateway.testing.TestStaff;
import org.hotline.staff.directory.StaffRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;

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
    TestStaff.add(h.gateway, "page2", StaffRole.AGENT);
    TestStaff.add(h.gateway, "boss1", StaffRole.SUPERVISOR);
  }

  @AfterAll
  static void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  private static String lastCase(String caller) {
    return h.cases.callerHistory(caller).toCompletableFuture().join().lastCases().get(0).caseId();
  }

  /** Logged out, whatever an earlier test left: each test chooses who takes its calls. */
  @BeforeEach
  void offDuty() {
    for (String a : List.of("page1", "page2", "english9", "boss1")) {
      h.gateway.seats().logout(a).toCompletableFuture().exceptionally(e -> null).join();
    }
  }

  /** Signs in through the sign-in page and goes on duty at the workstation's seat. */
  private static WebDriver onDuty(Browser b, String user, String seat) {
    WebDriver d = b.driver();
    d.get("http://127.0.0.1:" + h.gateway.httpPort() + "/desktop/?seat=" + seat);
    b.waitFor("sign in first", x -> x.getCurrentUrl().contains("/signin/"));
    d.findElement(By.id("username")).sendKeys(user);
    d.findElement(By.id("password")).sendKeys(TestStaff.PASSWORD);
    d.findElement(By.id("go")).click();
    b.waitFor("the desktop", x -> x.getCurrentUrl().contains("/desktop/?seat=" + seat));
    b.waitFor("the duty panel", x -> x.findElement(By.id("on-duty")).isDisplayed());
    assertEquals(seat, d.findElement(By.id("seat")).getAttribute("value"));
    d.findElement(By.id("on-duty")).click();
    b.waitFor("available", x -> x.findElement(By.id("state")).getText().equals("空闲"));
    return d;
  }

  @Test
  void anAgentTransfersACallToAnotherQueueFromThePageAndAnAgentThereAnswersIt() throws Exception {
    h.sim.seat("seat004").behave(SeatBehaviour.answering(1.0, 600));
    h.sim.seat("seat005").behave(SeatBehaviour.answering(0.5, 600));
    try (Browser b = Browser.start()) {
      WebDriver d = onDuty(b, "page2", "004");
      // an English-speaking agent of the english queue only: the general call is not theirs
      h.agent("english9", "005", "en");
      h.sim
          .placeCall(new CallSpec("13600009999", "", "10000", 600, Keypad.silent()))
          .await(5, TimeUnit.SECONDS);
      b.waitFor(
          "on the call, with the hand-over panel",
          x ->
              x.findElement(By.id("state")).getText().equals("通话中")
                  && x.findElement(By.id("handover")).isDisplayed());
      String callId = (String) ((JavascriptExecutor) d).executeScript("return status.call");
      new Select(d.findElement(By.id("to-queue"))).selectByValue("english");
      d.findElement(By.id("transfer-queue")).click();
      b.waitFor(
          "wrap-up after the transfer",
          x -> x.findElement(By.id("state")).getText().equals("话后处理"));
      assertTrue(d.findElement(By.id("message")).getText().contains("已转接"));
      assertTrue(d.findElement(By.id("case")).isDisplayed(), "the case is still to be written");
      h.await(
          "the english agent on the same call",
          Duration.ofSeconds(30),
          () -> {
            var s = h.gateway.seats().status("english9").toCompletableFuture().join();
            return s.state() == org.hotline.seat.api.AgentState.ON_CALL
                && s.callId().equals(java.util.Optional.of(callId));
          });
    }
  }

  @Test
  void anAgentCallsInTheAmbulanceCentreAndDropsOutOnceItHasTheFacts() throws Exception {
    h.sim.seat("seat004").behave(SeatBehaviour.answering(1.0, 600));
    h.sim.seat("120@trunk").behave(SeatBehaviour.answering(1.0, 600));
    try (Browser b = Browser.start()) {
      WebDriver d = onDuty(b, "page2", "004");
      h.sim
          .placeCall(new CallSpec("13600008888", "", "10000", 600, Keypad.silent()))
          .await(5, TimeUnit.SECONDS);
      b.waitFor(
          "on the call, with the hand-over panel",
          x ->
              x.findElement(By.id("state")).getText().equals("通话中")
                  && x.findElement(By.id("three-way")).isDisplayed());
      new Select(d.findElement(By.id("unit"))).selectByValue("120");
      assertTrue(
          d.findElement(By.cssSelector("#unit option[value='120']")).getText().contains("急救"));
      d.findElement(By.id("conference")).click();
      b.waitFor("calling the unit", x -> x.findElement(By.id("conference-leave")).isDisplayed());
      // the agent stays until the unit has answered and heard the facts, then drops out
      b.waitFor(
          "dropped out once the unit is there",
          x -> {
            if (x.findElement(By.id("state")).getText().equals("话后处理")) {
              return true;
            }
            if (x.findElement(By.id("conference-leave")).isDisplayed()) {
              x.findElement(By.id("conference-leave")).click(); // refused until the unit is in
            }
            return false;
          });
      assertTrue(d.findElement(By.id("message")).getText().contains("退出三方通话"));
      assertTrue(d.findElement(By.id("case")).isDisplayed(), "the case is still to be written");
    }
  }

  @Test
  void anAgentConsultsASupervisorWhoTakesOverTheCallerWithTheirOwnPop() throws Exception {
    h.sim.seat("seat004").behave(SeatBehaviour.answering(1.0, 600));
    h.sim.seat("seat006").behave(SeatBehaviour.answering(0.5, 600));
    try (Browser agentPage = Browser.start();
        Browser supervisorPage = Browser.start()) {
      WebDriver d = onDuty(agentPage, "page2", "004");
      h.sim
          .placeCall(new CallSpec("13600006666", "", "10000", 600, Keypad.silent()))
          .await(5, TimeUnit.SECONDS);
      agentPage.waitFor("on the call", x -> x.findElement(By.id("state")).getText().equals("通话中"));
      String callId = (String) ((JavascriptExecutor) d).executeScript("return status.call");
      // the supervisor comes on duty only now: a free supervisor takes queue calls too
      WebDriver s = onDuty(supervisorPage, "boss1", "006");
      // the list of supervisors on duty comes from the server when the call is answered
      agentPage.waitFor(
          "the supervisor on duty in the list",
          x -> {
            ((JavascriptExecutor) x).executeScript("loadSupervisors()");
            return !x.findElements(By.cssSelector("#supervisor option[value=boss1]")).isEmpty();
          });
      assertTrue(
          d.findElement(By.cssSelector("#supervisor option[value=boss1]"))
              .getText()
              .contains("006"));
      new Select(d.findElement(By.id("supervisor"))).selectByValue("boss1");
      d.findElement(By.id("consult")).click();
      agentPage.waitFor("consulting", x -> x.findElement(By.id("consult-transfer")).isDisplayed());
      assertTrue(d.findElement(By.id("consult-state")).getText().contains("听不到"));
      supervisorPage.waitFor(
          "the supervisor paused for the consult",
          x -> x.findElement(By.id("state")).getText().equals("暂停"));
      // hand the caller over once the supervisor has picked up (refused until then)
      agentPage.waitFor(
          "handed over",
          x -> {
            if (x.findElement(By.id("state")).getText().equals("话后处理")) {
              return true;
            }
            if (x.findElement(By.id("consult-transfer")).isDisplayed()) {
              x.findElement(By.id("consult-transfer")).click();
            }
            return false;
          });
      assertTrue(d.findElement(By.id("message")).getText().contains("转给班长"));
      // the supervisor's own desktop: on the call, with its pop and a case form of their own
      supervisorPage.waitFor(
          "the supervisor on the call with its pop",
          x ->
              x.findElement(By.id("state")).getText().equals("通话中")
                  && x.findElement(By.id("number")).getText().equals("13600006666")
                  && x.findElement(By.id("case")).isDisplayed());
      assertEquals(callId, ((JavascriptExecutor) s).executeScript("return status.call"));
    }
  }

  @Test
  void anAgentCallsBackACallerWhoHungUpAndAnswersTheirQuestionOnTheCall() throws Exception {
    h.sim.seat("13600007777@trunk").behave(SeatBehaviour.answering(1.0, 600));
    try (Browser b = Browser.start()) {
      WebDriver d = onDuty(b, "page1", "003");
      new Select(d.findElement(By.id("reason"))).selectByValue("break");
      d.findElement(By.id("pause")).click();
      b.waitFor("paused", x -> x.findElement(By.id("state")).getText().equals("暂停"));
      // nobody free: the caller gives up after two seconds and is owed a callback
      h.sim
          .placeCall(new CallSpec("13600007777", "", "10000", 2.0, Keypad.silent()))
          .await(5, TimeUnit.SECONDS);
      h.await(
          "a callback owed",
          Duration.ofSeconds(30),
          () -> !h.cases.callbackCandidates(10).toCompletableFuture().join().isEmpty());
      d.findElement(By.id("cb-refresh")).click();
      b.waitFor(
          "the list's claim button",
          x -> !x.findElements(By.cssSelector("#cb-list button.claim")).isEmpty());
      assertTrue(
          !d.findElement(By.cssSelector("#cb-list tr td")).getText().contains("13600007777"),
          "masked until claimed");
      d.findElement(By.cssSelector("#cb-list button.claim")).click();
      b.waitFor("claimed", x -> !x.findElements(By.cssSelector("#cb-list button.dial")).isEmpty());
      assertEquals("13600007777", d.findElement(By.cssSelector("#cb-list tr.mine td")).getText());
      d.findElement(By.cssSelector("#cb-list button.dial")).click();
      b.waitFor("calling back", x -> x.findElement(By.id("cb-outcome")).isDisplayed());
      b.waitFor(
          "paused for the callback", x -> x.findElement(By.id("state")).getText().equals("暂停"));
      d.findElement(By.cssSelector("#cb-outcomes button[data-outcome=reached]")).click();

      // reached: the case form opens, answered on the call
      b.waitFor("the form for the callback", x -> x.findElement(By.id("case")).isDisplayed());
      new Select(d.findElement(By.id("requestType"))).selectByValue("consultation");
      d.findElement(By.id("category-search")).sendKeys("室温");
      b.waitFor("the category list", x -> x.findElement(By.id("category-list")).isDisplayed());
      d.findElement(By.id("category-search")).sendKeys(Keys.ENTER);
      d.findElement(By.cssSelector("input[name=disposition][value=direct_answer]")).click();
      assertTrue(d.findElement(By.id("answer")).isDisplayed());
      assertFalse(d.findElement(By.id("ownerType")).isDisplayed(), "no unit for a direct answer");
      d.findElement(By.id("summary")).sendKeys("回拨：居民咨询供暖室温标准");
      d.findElement(By.id("submit")).click();
      b.waitFor(
          "the answer is required",
          x ->
              !x.findElement(By.cssSelector(".field[data-field=answer] .error"))
                  .getText()
                  .isEmpty());
      d.findElement(By.id("answer")).sendKeys("已告知室温标准为18度，可向热力公司报修");
      d.findElement(By.id("submit")).click();
      b.waitFor(
          "available after the callback's case",
          x -> x.findElement(By.id("state")).getText().equals("空闲"));
      String caseId = lastCase("13600007777");
      var stored = h.cases.findCase(caseId).toCompletableFuture().join().orElseThrow();
      assertEquals("direct_answer", stored.content().orElseThrow().disposition().code());
      assertEquals("已告知室温标准为18度，可向热力公司报修", stored.content().orElseThrow().answer().orElseThrow());
      assertEquals(java.util.Optional.of("page1"), stored.call().agentId());
      assertTrue(h.cases.callbackCandidates(10).toCompletableFuture().join().isEmpty());
    }
  }

  @Test
  void anAgentSeesThePopWithHistoryBeforeAnswering() throws Exception {
    h.sim.seat("seat003").behave(SeatBehaviour.answering(3.0, 1.0));
    CallSpec caller =
        new CallSpec("13600005678", "<img src=x onerror=alert(1)>", "10000", 600, Keypad.silent());
    try (Browser b = Browser.start()) {
      WebDriver d = onDuty(b, "page1", "003");

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
      String firstCase = lastCase("13600005678");
      assertEquals(
          firstCase,
          d.findElement(By.cssSelector("#history tr td")).getText(),
          "the first call's case");
      b.waitFor("answered", x -> x.findElement(By.id("state")).getText().equals("通话中"));
      String secondCall = (String) ((JavascriptExecutor) d).executeScript("return status.call");

      // wrap-up shows its countdown; the form refuses an empty submission field by field
      b.waitFor("wrap-up", x -> x.findElement(By.id("wrap")).getText().contains("剩余"));
      d.findElement(By.id("submit")).click();
      b.waitFor(
          "inline errors",
          x ->
              !x.findElement(By.cssSelector(".field[data-field=category] .error"))
                  .getText()
                  .isEmpty());
      assertTrue(
          d.findElement(By.cssSelector(".field[data-field=summary]"))
              .getAttribute("class")
              .contains("invalid"),
          "the summary is marked");
      assertEquals("话后处理", d.findElement(By.id("state")).getText(), "still in wrap-up");

      // the agent fills it in: type, category by search, location resolved as typed, summary
      new Select(d.findElement(By.id("requestType"))).selectByValue("complaint");
      d.findElement(By.id("category-search")).sendKeys("室温");
      b.waitFor("the category list", x -> x.findElement(By.id("category-list")).isDisplayed());
      d.findElement(By.id("category-search")).sendKeys(Keys.ENTER);
      assertEquals("heating.not_warm", d.findElement(By.id("category")).getAttribute("value"));
      assertEquals(
          "utility",
          d.findElement(By.id("urgency")).getAttribute("value"),
          "the category's urgency");
      assertTrue(d.findElement(By.id("deadline")).getText().contains("办理时限"));
      d.findElement(By.id("location")).sendKeys("望京西园三区");
      b.waitFor(
          "the jurisdiction", x -> x.findElement(By.id("jurisdiction")).getText().contains("望京街道"));
      d.findElement(By.id("summary")).sendKeys("家中室温只有十四度，已持续三天。<b>很冷</b>");
      d.findElement(By.id("summary")).sendKeys(Keys.chord(Keys.ALT, "s"));
      // the server's own verdict on the text shows at the field, in the page's language
      b.waitFor(
          "the summary's error",
          x ->
              x.findElement(By.cssSelector(".field[data-field=summary] .error"))
                  .getText()
                  .contains("纯文字"));
      assertTrue(
          d.findElement(By.cssSelector(".field[data-field=category] .error")).getText().isEmpty());
      d.findElement(By.id("summary")).clear();
      d.findElement(By.id("summary")).sendKeys("家中室温只有十四度，已持续三天。");
      // 街乡吹哨、部门报到: two bureaus report to the heating company, chosen in the list
      assertEquals("协办单位", d.findElement(By.id("l-coUnits")).getText());
      Select coUnits = new Select(d.findElement(By.id("coUnits")));
      coUnits.selectByValue("housing");
      coUnits.selectByValue("urban_management");
      d.findElement(By.id("summary")).sendKeys(Keys.chord(Keys.ALT, "s"));

      // submitting ends wrap-up, and the case reaches the dispatch sink with what was typed
      b.waitFor(
          "available after the form", x -> x.findElement(By.id("state")).getText().equals("空闲"));
      b.waitFor("the form closed", x -> !x.findElement(By.id("case")).isDisplayed());
      String caseId = lastCase("13600005678");
      assertTrue(d.findElement(By.id("message")).getText().contains(caseId));
      JsonObject sent =
          b.waitFor(
              "the case at the dispatch sink",
              x -> {
                try {
                  return Files.readAllLines(h.dispatched).stream()
                      .map(JsonObject::new)
                      .filter(j -> caseId.equals(j.getString("caseId")))
                      .findFirst()
                      .orElse(null);
                } catch (java.io.IOException e) {
                  return null;
                }
              });
      assertEquals("complaint", sent.getJsonObject("requestType").getString("code"));
      assertEquals("heating.not_warm", sent.getJsonObject("category").getString("code"));
      assertEquals("utility", sent.getJsonObject("urgency").getString("code"));
      assertEquals("望京西园三区", sent.getJsonObject("location").getString("text"));
      assertEquals(
          "wangjing", sent.getJsonObject("location").getJsonObject("street").getString("id"));
      assertEquals("dispatch", sent.getJsonObject("disposition").getString("code"));
      assertEquals("heating_utility", sent.getJsonObject("ownerType").getString("code"));
      assertEquals(
          List.of("lead:heating_utility", "co:housing", "co:urban_management"),
          sent.getJsonArray("units").stream()
              .map(u -> ((JsonObject) u).getString("role") + ":" + ((JsonObject) u).getString("id"))
              .toList());
      assertEquals("家中室温只有十四度，已持续三天。", sent.getString("summary"));
      assertEquals(secondCall, sent.getJsonObject("call").getString("callId"));
      assertEquals("page1", sent.getJsonObject("call").getString("agentId"));

      // the status bar counts both answered calls of today
      b.waitFor(
          "calls handled today",
          x -> {
            ((JavascriptExecutor) x).executeScript("socket.send(JSON.stringify({type:'status'}))");
            return x.findElement(By.id("handled")).getText().equals("今日已接 2 通");
          });
    }
  }
}
