package org.hotline.cases;

import static org.hotline.cases.testing.Fixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotline.cases.api.Case;
import org.hotline.cases.api.CaseBridge;
import org.hotline.cases.api.CaseForm;
import org.hotline.cases.api.DeadLetter;
import org.hotline.cases.api.GuestOfficial;
import org.hotline.cases.config.CasesConfig;
import org.hotline.cases.config.DeliverySettings;
import org.hotline.cases.config.Secrets;
import org.hotline.cases.delivery.DeliveryTargets;
import org.hotline.cases.metrics.CaseEvents;
import org.hotline.cases.testing.Fixtures;
import org.hotline.cases.testing.Receiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Open311 GeoReport v2, "POST Service Request", field by field: {@code POST
 * <endpoint>/requests.json}, {@code application/x-www-form-urlencoded}; required {@code api_key},
 * {@code service_code} and a location ({@code lat}+{@code long}, {@code address_string} or {@code
 * address_id}); optional {@code jurisdiction_id}, {@code email}, {@code device_id}, {@code
 * account_id}, {@code first_name}, {@code last_name}, {@code phone}, {@code description} (at most
 * 4,000 characters, no HTML), {@code media_url}, and {@code attribute[code]=value}. The answer is
 * an array whose element has {@code service_request_id} or {@code token}.
 */
class Open311DeliveryTest {

  static final Set<String> SPEC_FIELDS =
      Set.of(
          "api_key",
          "jurisdiction_id",
          "service_code",
          "lat",
          "long",
          "address_string",
          "address_id",
          "email",
          "device_id",
          "account_id",
          "first_name",
          "last_name",
          "phone",
          "description",
          "media_url");
  static final String API_KEY = "open311-key-from-the-environment";

  private final Clock clock = Clock.systemUTC();
  private Receiver receiver;
  private CaseBridge bridge;
  private int calls;

  @BeforeEach
  void start() throws Exception {
    receiver = new Receiver();
    CasesConfig base = Fixtures.config("o311");
    DeliverySettings delivery =
        base.delivery()
            .withOpen311(
                new DeliverySettings.Open311(
                    receiver.uri("/open311/v2"),
                    "HOTLINE_OPEN311_API_KEY",
                    Optional.empty(),
                    "beijing.gov.cn",
                    true,
                    Duration.ofSeconds(2)));
    CasesConfig config = base.withDelivery(delivery);
    Secrets env = new Secrets(Map.of("HOTLINE_OPEN311_API_KEY", API_KEY)::get);
    bridge =
        Fixtures.bridge(
            Fixtures.databaseUrl(config.centreId()),
            config,
            DeliveryTargets.create(config.delivery(), env, clock),
            clock,
            CaseEvents.NONE);
  }

  @AfterEach
  void stop() {
    bridge.close();
    receiver.close();
  }

  private Case submit(CaseForm form) {
    String callId = "o-" + (++calls);
    await(
        bridge.callAnswered(
            Fixtures.answeredCall(callId, "13912345678", clock.instant()).withCallerName("张女士")));
    return await(bridge.submitForm(callId, form));
  }

  private static Map<String, String> form(String body) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      assertFalse(m.containsKey(k), "field once: " + k);
      m.put(k, v);
    }
    return m;
  }

  private Case delivered(String caseId) {
    bridge.startDelivery();
    Fixtures.eventually(
        Duration.ofSeconds(10),
        "delivered",
        () -> await(bridge.findCase(caseId)).orElseThrow().dispatchRef().isPresent());
    return await(bridge.findCase(caseId)).orElseThrow();
  }

  @Test
  void theRequestIsAGeoReportV2ServiceRequestFieldByField() {
    receiver.answer(
        r ->
            new Receiver.Answer(
                201,
                "[{\"service_request_id\":293944,\"service_notice\":\"将于24小时内处理\","
                    + "\"account_id\":null}]",
                0));
    CaseForm f =
        new CaseForm(
            "complaint",
            "heating.not_warm",
            "望京西园三区5号楼2单元",
            null,
            null,
            null,
            "室温只有14度\n已持续三天",
            "dispatch",
            null,
            "王书记",
            "01065123456",
            "a1");
    Case c = submit(f);
    Case done = delivered(c.caseId());
    assertEquals("service_request_id:293944", done.dispatchRef().orElseThrow());

    Receiver.Request r = receiver.requests().get(0);
    assertEquals("/open311/v2/requests.json", r.path());
    assertEquals(
        "application/x-www-form-urlencoded; charset=utf-8", r.headers().get("content-type"));
    assertEquals(c.caseId() + ":v1", r.idempotencyKey());
    Map<String, String> fields = form(r.body());
    for (String k : fields.keySet()) {
      assertTrue(
          SPEC_FIELDS.contains(k) || k.matches("attribute\\[[a-z_]+\\]"), "a spec field: " + k);
    }
    assertEquals(API_KEY, fields.get("api_key"));
    assertEquals("beijing.gov.cn", fields.get("jurisdiction_id"));
    assertEquals("BJ-0501", fields.get("service_code"));
    assertEquals("望京西园三区5号楼2单元, 望京街道, 朝阳区, 北京市", fields.get("address_string"));
    assertFalse(fields.containsKey("lat") || fields.containsKey("long"), "no coordinates known");
    assertEquals("室温只有14度\n已持续三天", fields.get("description"));
    assertTrue(fields.get("description").length() <= 4000);
    assertEquals("张女士", fields.get("first_name"));
    assertEquals("13912345678", fields.get("phone"));
    assertEquals(c.caseId(), fields.get("attribute[case_id]"));
    assertEquals(c.caseId() + ":v1", fields.get("attribute[idempotency_key]"));
    assertEquals("complaint", fields.get("attribute[request_type]"));
    assertEquals("utility", fields.get("attribute[urgency]"));
    assertEquals(c.deadline().orElseThrow().toString(), fields.get("attribute[deadline]"));
    assertEquals("chaoyang", fields.get("attribute[district]"));
    assertEquals("wangjing", fields.get("attribute[street]"));
    assertEquals("heating_utility", fields.get("attribute[owner_type]"));
    assertEquals("王书记", fields.get("attribute[official_name]"));
    assertEquals("01065123456", fields.get("attribute[official_phone]"));
    assertEquals(
        new GuestOfficial("王书记", "01065123456"), done.content().orElseThrow().official().get());
  }

  @Test
  void aTokenIsKeptWhenTheServerCreatesRequestsLater() {
    receiver.answer(r -> new Receiver.Answer(200, "[{\"token\":\"12345abc\"}]", 0));
    Case c = submit(Fixtures.heatingForm());
    assertEquals("token:12345abc", delivered(c.caseId()).dispatchRef().orElseThrow());
  }

  @Test
  void aRefusedApiKeyIsDeadAtOnceWithTheServersDescriptionAndAGeneralErrorIsRetried() {
    AtomicInteger generalErrors = new AtomicInteger();
    receiver.answer(
        r -> {
          if (r.body().contains("service_code=BJ-0701")) {
            return new Receiver.Answer(
                403, "[{\"code\":403,\"description\":\"Invalid api_key\"}]", 0);
          }
          return generalErrors.incrementAndGet() <= 2
              ? new Receiver.Answer(400, "[{\"code\":400,\"description\":\"CRM is down\"}]", 0)
              : new Receiver.Answer(200, "[{\"service_request_id\":\"7\"}]", 0);
        });
    Case refused = submit(Fixtures.form("lift.trapped", "望京", "电梯困人"));
    Case retried = submit(Fixtures.heatingForm());
    bridge.startDelivery();
    assertEquals("service_request_id:7", delivered(retried.caseId()).dispatchRef().orElseThrow());
    Fixtures.eventually(
        Duration.ofSeconds(5), "dead letter", () -> !await(bridge.deadLetters(10)).isEmpty());
    List<DeadLetter> dead = await(bridge.deadLetters(10));
    assertEquals(refused.caseId() + ":v1", dead.get(0).idempotencyKey());
    assertEquals(1, dead.get(0).attempts());
    assertEquals("open311: HTTP 403 Invalid api_key", dead.get(0).lastError());
  }
}
