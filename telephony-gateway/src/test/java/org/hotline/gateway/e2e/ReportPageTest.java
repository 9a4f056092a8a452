package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hotline.asterisk.sim.agi.Keypad;
import org.hotline.asterisk.sim.call.CallSpec;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.hotline.gateway.testing.Browser;
import org.hotline.gateway.testing.TestStaff;
import org.hotline.staff.directory.StaffRole;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The report page in a real headless Chromium: a manager opens today's interval report after calls
 * through the simulator and sees its chart and tables, downloads it as CSV (a UTF-8 file a
 * spreadsheet opens), then opens October's district ranking, where the rates that need return
 * visits say "no data".
 */
class ReportPageTest {

  @Test
  void aManagerReadsAndDownloadsReports() throws Exception {
    Harness h = Harness.start(o -> o.withSeed(1501), Duration.ofSeconds(10));
    try (Browser b = Browser.start()) {
      TestStaff.add(h.gateway, "rpm", StaffRole.MANAGER);
      for (int i = 1; i <= 2; i++) {
        h.sim.seat("seat00" + i).behave(SeatBehaviour.answering(0.3, 1));
        h.agent("rp" + i, "00" + i, "zh");
      }
      for (int i = 0; i < 2; i++) {
        h.sim
            .placeCall(new CallSpec("1360000800" + i, "", "10000", 600, Keypad.silent()))
            .await(5, TimeUnit.SECONDS);
      }
      Instant day = Instant.parse("2026-10-12T02:00:00Z");
      CityReportsHttpTest.insert(h, "20261012-000011", day, "dispatch", "water_company", day);
      CityReportsHttpTest.insert(h, "20261012-000012", day, "direct_answer", null, null);
      h.await(
          "both calls recorded",
          Duration.ofSeconds(30),
          () ->
              h.db
                      .query(
                          c -> {
                            try (var rs =
                                c.createStatement()
                                    .executeQuery("SELECT count(*) FROM hotline.call_detail")) {
                              rs.next();
                              return rs.getLong(1);
                            }
                          })
                      .toCompletableFuture()
                      .join()
                  >= 2);

      WebDriver d = b.driver();
      String base = "http://127.0.0.1:" + h.gateway.httpPort();
      d.get(base + "/reports/");
      b.waitFor("sign in", x -> x.getCurrentUrl().contains("/signin/"));
      d.findElement(By.id("username")).sendKeys("rpm");
      d.findElement(By.id("password")).sendKeys(TestStaff.PASSWORD);
      d.findElement(By.id("go")).click();
      b.waitFor(
          "the interval report", x -> !x.findElements(By.cssSelector("#tables table")).isEmpty());
      assertEquals("12345 热线 · 报表", d.getTitle());
      assertEquals("各队列 15 分钟时段报表", d.findElement(By.id("heading")).getText());
      b.waitFor("its chart", x -> !x.findElements(By.cssSelector("#charts canvas")).isEmpty());
      assertTrue(d.findElement(By.id("tables")).getText().contains("服务水平"));

      String href = d.findElement(By.id("csv")).getAttribute("href");
      assertTrue(
          href.contains("/api/reports/centre/intervals?") && href.contains("format=csv"), href);
      @SuppressWarnings("unchecked")
      List<Object> got =
          (List<Object>)
              ((JavascriptExecutor) d)
                  .executeAsyncScript(
                      "const done = arguments[arguments.length - 1];"
                          + "fetch(arguments[0]).then(async r => done([r.status,"
                          + " r.headers.get('content-type'), r.headers.get('content-disposition'),"
                          + " (await r.text()).split('\\n')[0]]));",
                      href);
      assertEquals(200L, got.get(0));
      assertTrue(String.valueOf(got.get(1)).startsWith("text/csv"), String.valueOf(got.get(1)));
      assertTrue(String.valueOf(got.get(2)).startsWith("attachment; filename=\"intervals-"));
      assertTrue(String.valueOf(got.get(3)).contains("queue"), String.valueOf(got.get(3)));

      new Select(d.findElement(By.id("report"))).selectByValue("city/rates");
      ((JavascriptExecutor) d).executeScript("document.getElementById('month').value = '2026-10';");
      d.findElement(By.id("show")).click();
      b.waitFor(
          "October's ranking",
          x ->
              x.findElement(By.id("heading")).getText().contains("三率")
                  && x.findElement(By.id("tables")).getText().contains("朝阳区"));
      assertTrue(d.findElement(By.id("tables")).getText().contains("无数据"), "no return visits");
      assertTrue(d.findElement(By.id("defs")).getText().length() > 10, "the definitions are shown");
      Files.write(
          Path.of("target", "reports.png"),
          ((TakesScreenshot) d).getScreenshotAs(OutputType.BYTES));
    } finally {
      h.close();
    }
  }
}
