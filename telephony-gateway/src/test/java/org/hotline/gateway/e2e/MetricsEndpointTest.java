package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotline.asterisk.sim.agi.Keypad;
import org.hotline.asterisk.sim.call.CallSpec;
import org.hotline.asterisk.sim.call.CallStats;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.hotline.gateway.testing.StaffClient;
import org.hotline.gateway.testing.TestStaff;
import org.hotline.seat.api.AgentState;
import org.hotline.seat.api.CallState;
import org.hotline.staff.directory.StaffRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} over real HTTP with the metrics token, as Prometheus scrapes it, after calls
 * through the simulated exchange on a gateway started as production starts it: the JVM's and the
 * HTTP server's families are there, the AGI sessions and the queue's figures equal what the
 * exchange did, and no label value names a seat, an agent, a call or a caller. The shipped Grafana
 * dashboard is checked against the same scrape: it asks only for metrics the gateway exposes.
 */
class MetricsEndpointTest {

  private static final String TOKEN = "prometheus-token-for-metrics-test";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String AGENT = "mx-agent-7301";
  private static final String BUSY_AGENT = "mx-agent-7302";
  private static final String SEAT = "003";
  private static final String BUSY_SEAT = "004";
  private static final String CALLER = "13700007301";
  private static final String IMPATIENT_CALLER = "13700007302";

  /** One sample line of the text format: name, labels, value. */
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+).*$");

  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private static Harness h;
  private static final List<String> callIds = new ArrayList<>();

  @BeforeAll
  static void runCalls() throws Exception {
    h =
        Harness.startMetered(
            o -> o.withSeed(73),
            Duration.ofSeconds(5),
            c -> c.withAccess(c.access().withMetricsToken(TOKEN)));
    scrape(); // the HTTP server has answered a request of its own before the real scrape
    // the GC pause timer appears at the first collection after the binder: a quiet JVM may not
    // have had one yet (a CI run failed so), so one is asked for and waited for
    h.await(
        "a GC pause measured",
        Duration.ofSeconds(20),
        () -> {
          System.gc();
          try {
            return scrape().contains("jvm_gc_pause_seconds_count");
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        });
    TestStaff.add(h.gateway, AGENT, StaffRole.AGENT);
    TestStaff.add(h.gateway, BUSY_AGENT, StaffRole.AGENT);
    StaffClient agent = TestStaff.signIn(h.gateway, AGENT);

    // one call answered at a seat, its case form refused once and then accepted, the caller hangs
    // up
    String answered = h.answeredCall(agent, AGENT, SEAT, CALLER);
    callIds.add(answered);
    h.await(
        "the answered call's draft case",
        WAIT,
        () -> !h.cases.callerHistory(CALLER).toCompletableFuture().join().lastCases().isEmpty());
    StaffClient.Answer refused =
        agent.post(
            "/api/calls/" + answered + "/case",
            new JsonObject().put("requestType", "complaint").put("summary", 42).encode());
    assertEquals(422, refused.status(), refused.body());
    StaffClient.Answer accepted =
        agent.post(
            "/api/calls/" + answered + "/case",
            new JsonObject()
                .put("requestType", "complaint")
                .put("category", "noise.construction")
                .put("location", "朝阳区望京街道 花家地小区3号楼")
                .put("summary", "楼下工地夜间施工噪声扰民")
                .put("disposition", "dispatch")
                .put("agentId", AGENT)
                .encode());
    assertEquals(201, accepted.status(), accepted.body());
    h.sim.callerHangsUp(h.channelOf(answered)).await(5, TimeUnit.SECONDS);
    h.await("the first agent in wrap-up", WAIT, () -> h.state(AGENT) == AgentState.WRAP_UP);

    // a seat that answers busy (the dial result comes back to the gateway, the call to its line),
    // then the caller gives up waiting
    h.sim.seat("seat" + BUSY_SEAT).behave(SeatBehaviour.busy());
    StaffClient busy = TestStaff.signIn(h.gateway, BUSY_AGENT);
    StaffClient.Answer login =
        busy.post("/api/agents/" + BUSY_AGENT + "/login", "{\"seat\":\"" + BUSY_SEAT + "\"}");
    assertEquals(200, login.status(), login.body());
    String channel =
        h.sim
            .placeCall(
                new CallSpec(
                    IMPATIENT_CALLER, "", "10000", Double.POSITIVE_INFINITY, Keypad.silent()))
            .await(5, TimeUnit.SECONDS);
    String waiting =
        "ast1:"
            + h.channels().stream()
                .filter(c -> c.name().equals(channel))
                .findFirst()
                .orElseThrow()
                .uniqueid();
    callIds.add(waiting);
    h.await(
        "the busy seat's call back in line",
        WAIT,
        () ->
            h.sim.stats().dialBusy() == 1
                && h.call(waiting)
                    .map(v -> v.state() == CallState.WAITING && v.requeues() == 1)
                    .orElse(false));
    Thread.sleep(1500); // past the queue's short-abandon threshold (1 s): an abandon
    h.sim.callerHangsUp(channel).await(5, TimeUnit.SECONDS);
    h.await(
        "the caller's abandon is counted",
        WAIT,
        () ->
            h.sim.stats().abandoned() == 1
                && h.call(waiting).map(v -> v.state() == CallState.ABANDONED).orElse(false));
  }

  @AfterAll
  static void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  /** The exposition text, as Prometheus gets it. */
  private static String scrape() throws IOException, InterruptedException {
    HttpResponse<String> answer =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // as Prometheus asks
            .build()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + h.gateway.httpPort() + "/metrics"))
                    .header("Authorization", "Bearer " + TOKEN)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), answer.body());
    return answer.body();
  }

  /** One sample of a scrape. */
  record Sample(String name, Map<String, String> labels, double value) {}

  static List<Sample> samples(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      assertTrue(m.matches(), "not a sample line: " + line);
      Map<String, String> labels = new TreeMap<>();
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
    }
    return samples;
  }

  /** The sum of {@code name}'s samples whose labels include {@code match}. */
  private static double sum(List<Sample> samples, String name, Map<String, String> match) {
    return samples.stream()
        .filter(s -> s.name().equals(name))
        .filter(s -> s.labels().entrySet().containsAll(match.entrySet()))
        .mapToDouble(Sample::value)
        .sum();
  }

  @Test
  void theJvmAndHttpServerFamiliesAreThereLabelledByRouteNeverByPath() throws Exception {
    String text = scrape();
    Files.writeString(Path.of("target", "metrics-scrape.txt"), text); // to read names from
    List<Sample> samples = samples(text);
    for (String family :
        List.of(
            "jvm_memory_used_bytes",
            "jvm_gc_pause_seconds_count",
            "jvm_threads_live_threads",
            "jvm_classes_loaded_classes",
            "process_uptime_seconds",
            "system_cpu_count",
            "vertx_http_server_requests_total",
            "vertx_http_server_response_time_seconds_bucket")) {
      assertTrue(samples.stream().anyMatch(s -> s.name().equals(family)), family + " is missing");
    }
    assertTrue(
        sum(
                samples,
                "vertx_http_server_requests_total",
                Map.of("route", "/metrics", "method", "GET", "code", "200"))
            >= 1,
        "the earlier scrape, by its route");
    assertTrue(
        samples.stream()
            .filter(s -> s.name().startsWith("vertx_http_server_requests"))
            .map(s -> s.labels().getOrDefault("route", ""))
            .anyMatch(r -> r.endsWith("/api/agents/:agent/login")),
        "a request naming an agent is counted under its route template");
    for (Sample s : samples) {
      assertFalse(
          s.labels().keySet().stream().anyMatch(Set.of("path", "remote", "local")::contains),
          "no path or address label: " + s);
    }
  }

  @Test
  void theAgiSessionsAndQueueFiguresEqualWhatTheExchangeDid() throws Exception {
    CallStats sim = h.sim.stats();
    assertEquals(2, sim.placed());
    assertEquals(1, sim.answered());
    assertEquals(1, sim.abandoned());
    assertTrue(sim.dialBusy() >= 1, "the busy seat was dialled");
    assertEquals(0, sim.agiFailures(), "every session reached the gateway");
    // the exchange counts a session when the gateway has closed it: a moment after the gateway
    h.await(
        "the gateway's sessions equal the exchange's",
        WAIT,
        () -> {
          try {
            return sum(samples(scrape()), "hotline_agi_sessions_seconds_count", Map.of())
                == h.sim.stats().agiSessions();
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
    List<Sample> samples = samples(scrape());
    assertEquals(
        (double) sim.placed(),
        sum(samples, "hotline_agi_sessions_seconds_count", Map.of("script", "incoming")),
        "one /incoming per call");
    assertTrue(
        sum(samples, "hotline_agi_sessions_seconds_count", Map.of("script", "dialresult")) >= 1,
        "the busy dial came back through /dialresult");
    assertEquals(
        0.0,
        sum(samples, "hotline_agi_sessions_seconds_count", Map.of("outcome", "failed")),
        "no session failed");
    assertEquals(0.0, sum(samples, "hotline_agi_sessions_open", Map.of()));
    Map<String, String> general = Map.of("queue", "general");
    h.await(
        "the queue's figures caught up (a snapshot a second)",
        WAIT,
        () -> {
          try {
            return sum(samples(scrape()), "hotline_queue_abandoned_total", general) == 1;
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
    samples = samples(scrape());
    assertEquals((double) sim.placed(), sum(samples, "hotline_queue_offered_total", general));
    assertEquals((double) sim.answered(), sum(samples, "hotline_queue_answered_total", general));
    assertEquals((double) sim.abandoned(), sum(samples, "hotline_queue_abandoned_total", general));
    assertEquals(
        1.0,
        sum(samples, "hotline_cases_submitted_total", Map.of("disposition", "dispatch")),
        "the accepted form");
    assertEquals(
        1.0,
        sum(samples, "hotline_cases_submissions_refused_total", Map.of("reason", "invalid_form")),
        "the refused form");
  }

  @Test
  void noLabelValueNamesASeatAnAgentACallOrACaller() throws Exception {
    List<String> contained = new ArrayList<>(List.of(AGENT, BUSY_AGENT, CALLER, IMPATIENT_CALLER));
    contained.add("seat" + SEAT);
    contained.add("seat" + BUSY_SEAT);
    for (String callId : callIds) {
      contained.add(callId);
      contained.add(callId.substring(callId.indexOf(':') + 1)); // the exchange's uniqueid
      contained.add(callId.replace(':', '-')); // as in a recording's name
    }
    Set<String> exact = Set.of(SEAT, BUSY_SEAT);
    List<Sample> samples = samples(scrape());
    assertTrue(samples.size() > 100, "a real scrape");
    for (Sample s : samples) {
      for (Map.Entry<String, String> label : s.labels().entrySet()) {
        String value = label.getValue();
        assertFalse(exact.contains(value), "a seat id as a label value: " + s);
        for (String forbidden : contained) {
          assertFalse(value.contains(forbidden), forbidden + " in a label value: " + s);
        }
        assertFalse(value.matches(".*\\d{7,}.*"), "a number like a phone's in a label: " + s);
      }
    }
  }

  /** The shipped dashboard: what Grafana imports, and what its panels ask Prometheus. */
  private static final Path DASHBOARD =
      Path.of("..", "config", "grafana", "hotline-dashboard.json");

  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}|\\[[^]]*]");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?\\w+}?");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\s*\\()?");
  private static final Set<String> KEYWORDS =
      Set.of("and", "or", "unless", "bool", "offset", "inf", "nan");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");

  /**
   * The metric names a PromQL expression reads: what is left once strings, label matchers, ranges,
   * grouping clauses and Grafana's variables are gone, less function calls and keywords.
   */
  static Set<String> metricNames(String expr) {
    String bare = STRING.matcher(expr).replaceAll("\"\"");
    bare = MATCHERS.matcher(bare).replaceAll(" ");
    bare = GROUPING.matcher(bare).replaceAll(" ");
    bare = VARIABLE.matcher(bare).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(bare);
    while (m.find()) {
      boolean call = m.group(1) != null;
      String name = m.group().replaceAll("[\\s(]", "");
      boolean partOfNumber = m.start() > 0 && Character.isDigit(bare.charAt(m.start() - 1));
      if (!call && !partOfNumber && !KEYWORDS.contains(name)) {
        names.add(name);
      }
    }
    return names;
  }

  @Test
  void promqlNamesAreReadWithoutFunctionsLabelsOrVariables() {
    assertEquals(
        Set.of("hotline_agi_sessions_seconds_bucket"),
        metricNames(
            "histogram_quantile(0.95, sum by (le, script) "
                + "(rate(hotline_agi_sessions_seconds_bucket{instance=~\"$instance\"}[$__rate_interval])))"));
    assertEquals(
        Set.of("a_total", "b"),
        metricNames("max by (queue) (rate(a_total{x=\"y\"}[5m])) * 60 / on (queue) b"));
  }

  @Test
  void theGrafanaDashboardImportsWithItsDataSourceAndQueriesOnlyMetricsOfARealScrape()
      throws Exception {
    JsonObject dashboard = new JsonObject(Files.readString(DASHBOARD));
    assertTrue(dashboard.getInteger("schemaVersion") >= 36, "a current dashboard model");
    assertEquals(
        "DS_PROMETHEUS", dashboard.getJsonArray("__inputs").getJsonObject(0).getString("name"));
    assertEquals(
        "prometheus", dashboard.getJsonArray("__inputs").getJsonObject(0).getString("pluginId"));
    Set<String> scraped = new HashSet<>();
    samples(scrape()).forEach(s -> scraped.add(s.name()));

    Map<String, Set<String>> used = new TreeMap<>();
    Set<Integer> ids = new HashSet<>();
    List<JsonObject> panels = new ArrayList<>();
    dashboard.getJsonArray("panels").forEach(p -> panels.add((JsonObject) p));
    for (int i = 0; i < panels.size(); i++) {
      JsonObject panel = panels.get(i);
      assertTrue(
          ids.add(panel.getInteger("id")), "panel ids are unique: " + panel.getInteger("id"));
      if (panel.containsKey("panels")) {
        panel.getJsonArray("panels").forEach(p -> panels.add((JsonObject) p));
      }
      if ("row".equals(panel.getString("type"))) {
        continue;
      }
      String title = panel.getString("title");
      assertEquals("${DS_PROMETHEUS}", panel.getJsonObject("datasource").getString("uid"), title);
      assertFalse(panel.getJsonArray("targets").isEmpty(), title + " asks nothing");
      panel
          .getJsonArray("targets")
          .forEach(
              t ->
                  used.computeIfAbsent(title, k -> new TreeSet<>())
                      .addAll(metricNames(((JsonObject) t).getString("expr"))));
    }
    dashboard
        .getJsonObject("templating")
        .getJsonArray("list")
        .forEach(
            v -> {
              Matcher m =
                  LABEL_VALUES.matcher(((JsonObject) v).getJsonObject("query").getString("query"));
              assertTrue(m.find(), "a variable read from label_values: " + v);
              used.computeIfAbsent(
                      "variable " + ((JsonObject) v).getString("name"), k -> new TreeSet<>())
                  .add(m.group(1));
            });
    assertTrue(used.size() > 15, "panels for calls, AGI, outbox, cases, HTTP and JVM: " + used);
    used.forEach(
        (panel, names) -> {
          assertFalse(names.isEmpty(), panel + " reads no metric");
          for (String name : names) {
            assertTrue(scraped.contains(name), panel + " reads " + name + ", which no scrape has");
          }
        });
  }
}
