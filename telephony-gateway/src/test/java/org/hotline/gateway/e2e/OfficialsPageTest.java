package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hotline.asterisk.sim.call.CallSpec;
import org.hotline.asterisk.sim.call.Keypads;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.hotline.gateway.testing.Browser;
import org.hotline.gateway.testing.TestStaff;
import org.hotline.seat.api.AgentState;
import org.hotline.staff.directory.StaffRole;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * A visiting official's morning in real headless Chromium: the supervisor makes the guest session
 * on the guests page (the code and its QR code shown once), the official opens the QR code's link,
 * signs in without a password and lands on the simple desktop at their seat, takes a Chaoyang call
 * and leaves a callback number; the coach's desktop follows the call and opens the form for it.
 */
class OfficialsPageTest {

  @Test
  void theSupervisorMakesTheSessionTheOfficialSignsInByLinkAndTheCoachFollows() throws Exception {
    Harness h = OfficialsEndToEndTest.withOfficialsLine(1208);
    try {
      TestStaff.add(h.gateway, "psup", StaffRole.SUPERVISOR);
      TestStaff.add(h.gateway, "pcoach", StaffRole.AGENT);
      String base = "http://127.0.0.1:" + h.gateway.httpPort();
      String link;
      String code;
      try (Browser sup = Browser.start()) {
        WebDriver d = sup.driver();
        d.get(base + "/guests/");
        sup.waitFor("sign in", x -> x.getCurrentUrl().contains("/signin/"));
        d.findElement(By.id("username")).sendKeys("psup");
        d.findElement(By.id("password")).sendKeys(TestStaff.PASSWORD);
        d.findElement(By.id("go")).click();
        sup.waitFor("the guests page", x -> x.getTitle().equals("12345 热线 · 领导干部接听"));
        sup.waitFor(
            "the districts", x -> !x.findElements(By.cssSelector("#district option")).isEmpty());
        d.findElement(By.id("name")).sendKeys("刘书记");
        d.findElement(By.id("gtitle")).sendKeys("区委书记");
        new Select(d.findElement(By.id("district"))).selectByValue("chaoyang");
        sup.waitFor("the seats", x -> !x.findElements(By.cssSelector("#seat option")).isEmpty());
        new Select(d.findElement(By.id("seat"))).selectByValue("003");
        d.findElement(By.id("coach")).sendKeys("nobody");
        d.findElement(By.id("create-go")).click();
        sup.waitFor(
            "the coach refused at its field",
            x -> !x.findElement(By.cssSelector("[data-field=coachId] .error")).getText().isEmpty());
        d.findElement(By.id("coach")).clear();
        d.findElement(By.id("coach")).sendKeys("pcoach");
        d.findElement(By.id("create-go")).click();
        sup.waitFor("the ticket", x -> x.findElement(By.id("ticket")).isDisplayed());
        assertFalse(d.findElements(By.cssSelector("#qr svg path")).isEmpty(), "a QR code");
        code = d.findElement(By.id("code")).getText();
        link = d.findElement(By.id("link")).getText();
        assertTrue(link.endsWith("/guest/#" + code), link);
        sup.waitFor(
            "the session listed", x -> x.findElement(By.id("list")).getText().contains("刘书记"));
        Files.write(
            Path.of("target", "guests.png"),
            ((TakesScreenshot) d).getScreenshotAs(OutputType.BYTES));
        // the wallboard marks the session's seat as an official's
        d.get(base + "/wallboard/");
        sup.waitFor(
            "the guest's seat marked",
            x ->
                x.findElements(By.cssSelector("#floor .cell[data-seat='003']")).stream()
                    .anyMatch(e -> e.getAttribute("class").contains("official")));
        assertFalse(
            d.findElement(By.cssSelector("#floor .cell[data-seat='004']"))
                .getAttribute("class")
                .contains("official"));
      }

      h.sim.seat("seat003").behave(SeatBehaviour.answering(0.5, 600));
      try (Browser official = Browser.start();
          Browser coach = Browser.start()) {
        WebDriver o = official.driver();
        // the phone opens the QR code's link: the code is filled in from it
        o.get(link);
        official.waitFor(
            "the code from the link",
            x -> x.findElement(By.id("code")).getAttribute("value").equals(code));
        o.findElement(By.id("go")).click();
        official.waitFor("the desktop", x -> x.getCurrentUrl().contains("/desktop/?seat=003"));
        official.waitFor(
            "the official's welcome", x -> x.findElement(By.id("guest-who")).isDisplayed());
        assertTrue(o.findElement(By.id("guest-who")).getText().contains("刘书记"));
        assertEquals("12345 热线 · 领导干部接听", o.getTitle());
        List<String> seats =
            new Select(o.findElement(By.id("seat")))
                .getOptions().stream().map(e -> e.getAttribute("value")).toList();
        assertEquals(List.of("003"), seats, "their own seat only");
        o.findElement(By.id("on-duty")).click();
        String officialId =
            h.gateway.staff().orElseThrow().list(false).toCompletableFuture().join().stream()
                .filter(m -> m.profile().name().equals("刘书记"))
                .findFirst()
                .orElseThrow()
                .id();
        h.await(
            "the official on duty",
            java.time.Duration.ofSeconds(15),
            () -> h.state(officialId) == AgentState.AVAILABLE);

        WebDriver c = coach.driver();
        c.get(base + "/desktop/");
        coach.waitFor("sign in", x -> x.getCurrentUrl().contains("/signin/"));
        c.findElement(By.id("username")).sendKeys("pcoach");
        c.findElement(By.id("password")).sendKeys(TestStaff.PASSWORD);
        c.findElement(By.id("go")).click();
        coach.waitFor("the coach's panel", x -> x.findElement(By.id("coached")).isDisplayed());
        assertTrue(c.findElement(By.id("coached-list")).getText().contains("刘书记"));

        h.sim
            .placeCall(new CallSpec("13511112222", "", "1234502", 600, Keypads.sequence("03", 0.2)))
            .await(5, TimeUnit.SECONDS);
        official.waitFor("the pop", x -> x.findElement(By.id("pop")).isDisplayed());
        official.waitFor("the form", x -> x.findElement(By.id("case")).isDisplayed());
        assertTrue(o.findElement(By.id("official-phone-field")).isDisplayed(), "a callback number");
        assertFalse(o.findElement(By.id("handover")).isDisplayed(), "nothing to hand on");
        coach.waitFor(
            "the official's call on the coach's desktop",
            x -> x.findElement(By.id("c-number")).getText().equals("13511112222"));
        assertEquals("朝阳区", c.findElement(By.id("c-district")).getText());
        h.await(
            "the official talks",
            java.time.Duration.ofSeconds(15),
            () -> h.state(officialId) == AgentState.ON_CALL);
        c.findElement(By.id("coach-form")).click();
        coach.waitFor("the coach's form", x -> x.findElement(By.id("case")).isDisplayed());
        assertTrue(c.findElement(By.id("form-message")).getText().contains("刘书记"));
        assertTrue(c.findElement(By.id("official-phone-field")).isDisplayed());
        Files.write(
            Path.of("target", "official-desktop.png"),
            ((TakesScreenshot) o).getScreenshotAs(OutputType.BYTES));

        // the coach writes the case for the official, with the number the official leaves
        new Select(c.findElement(By.id("requestType"))).selectByValue("complaint");
        c.findElement(By.id("category-search")).sendKeys("室温");
        coach.waitFor(
            "the category list", x -> x.findElement(By.id("category-list")).isDisplayed());
        c.findElement(By.id("category-search")).sendKeys(Keys.ENTER);
        c.findElement(By.id("location")).sendKeys("望京西园三区");
        coach.waitFor(
            "the jurisdiction", x -> !x.findElement(By.id("jurisdiction")).getText().isEmpty());
        c.findElement(By.id("summary")).sendKeys("居民反映暖气不热，刘书记承诺督办");
        c.findElement(By.id("officialPhone")).sendKeys("01065090002");
        c.findElement(By.id("submit")).click();
        coach.waitFor(
            "the case submitted", x -> x.findElement(By.id("message")).getText().contains("已提交"));
      }
      String guestId =
          h.db
              .query(
                  c -> {
                    try (var ps =
                        c.prepareStatement(
                            "SELECT guest_id FROM hotline.guest_session WHERE name = '刘书记'")) {
                      try (var rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getString(1);
                      }
                    }
                  })
              .toCompletableFuture()
              .join();
      try (Browser sup = Browser.start()) {
        WebDriver d = sup.driver();
        d.get(base + "/guests/summary.html?guest=" + guestId);
        sup.waitFor("sign in", x -> x.getCurrentUrl().contains("/signin/"));
        d.findElement(By.id("username")).sendKeys("psup");
        d.findElement(By.id("password")).sendKeys(TestStaff.PASSWORD);
        d.findElement(By.id("go")).click();
        sup.waitFor("back to the summary", x -> x.getCurrentUrl().contains("summary.html"));
        sup.waitFor(
            "the case in the summary",
            x -> x.findElement(By.id("cases")).getText().contains("刘书记承诺督办"));
        String cases = d.findElement(By.id("cases")).getText();
        assertTrue(cases.contains("01065090002"), cases);
        assertTrue(cases.contains("已提交") || cases.contains("已派单"), cases);
        assertTrue(d.findElement(By.id("who")).getText().contains("刘书记"));
        assertEquals("12345 热线 · 领导干部接听小结", d.getTitle());
        Files.write(
            Path.of("target", "guest-summary.png"),
            ((TakesScreenshot) d).getScreenshotAs(OutputType.BYTES));
      }
    } finally {
      h.close();
    }
  }
}
