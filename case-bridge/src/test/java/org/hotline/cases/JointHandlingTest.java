package org.hotline.cases;

import static org.hotline.cases.testing.Fixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hotline.cases.api.Case;
import org.hotline.cases.api.CaseBridge;
import org.hotline.cases.api.CaseBridgeException;
import org.hotline.cases.api.CaseForm;
import org.hotline.cases.api.CaseStatus;
import org.hotline.cases.api.CaseUnit;
import org.hotline.cases.api.ErrorCode;
import org.hotline.cases.api.FieldError;
import org.hotline.cases.api.StatusUpdate;
import org.hotline.cases.api.UpdateResult;
import org.hotline.cases.config.CasesConfig;
import org.hotline.cases.config.DeliverySettings;
import org.hotline.cases.config.Secrets;
import org.hotline.cases.delivery.DeliveryTargets;
import org.hotline.cases.delivery.file.JsonLinesTarget;
import org.hotline.cases.delivery.webhook.WebhookTarget;
import org.hotline.cases.intake.FormReader;
import org.hotline.cases.metrics.CaseEvents;
import org.hotline.cases.testing.Fixtures;
import org.hotline.cases.testing.Receiver;
import org.hotline.cases.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 街乡吹哨、部门报到: a case dispatched to a lead unit and co-units; each unit's reports on its row and in
 * the history, only the lead's resolution resolves the case, every payload carries every unit.
 */
class JointHandlingTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final TestClock clock = TestClock.morning();
  private CaseBridge bridge;
  private int calls;

  @AfterEach
  void stop() {
    if (bridge != null) {
      bridge.close();
    }
  }

  private CaseBridge jsonl() {
    bridge =
        Fixtures.bridge(
            Fixtures.config("joint"), new JsonLinesTarget(dir.resolve("c.jsonl")), clock);
    return bridge;
  }

  /** The street blows the whistle; housing and urban management report to it. */
  static CaseForm jointForm() {
    return new CaseForm(
            "complaint",
            "construction.illegal_building",
            "望京西园三区5号楼楼顶",
            null,
            null,
            null,
            "楼顶违建，涉及住建和城管。",
            "dispatch",
            "street_office",
            null,
            null,
            "a1")
        .withCoUnits(List.of("housing", "urban_management"));
  }

  private Case submit(CaseBridge b, CaseForm form, Clock at) {
    String callId = "j-" + (++calls);
    await(b.callAnswered(Fixtures.answeredCall(callId, "13912345678", at.instant())));
    return await(b.submitForm(callId, form));
  }

  private UpdateResult update(
      String id, String caseId, StatusUpdate.Kind kind, String unit, String reason) {
    return await(
        bridge.applyStatusUpdate(
            new StatusUpdate(
                id, caseId, kind, unit, Optional.ofNullable(reason), clock.instant())));
  }

  private CaseUnit unit(String caseId, String unitId) {
    return await(bridge.units(caseId)).stream()
        .filter(u -> u.unitId().equals(unitId))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aCoUnitsResolutionIsItsResultAndOnlyTheLeadsResolvesTheCase() {
    jsonl();
    Case c = submit(bridge, jointForm(), clock);
    List<CaseUnit> units = await(bridge.units(c.caseId()));
    assertEquals(
        List.of("street_office", "housing", "urban_management"),
        units.stream().map(CaseUnit::unitId).toList());
    assertEquals(
        List.of(CaseUnit.Role.LEAD, CaseUnit.Role.CO, CaseUnit.Role.CO),
        units.stream().map(CaseUnit::role).toList());
    assertEquals(List.of("housing", "urban_management"), c.content().orElseThrow().coUnits());

    clock.advance(Duration.ofMinutes(5));
    assertEquals(
        CaseStatus.SUBMITTED,
        update("h-1", c.caseId(), StatusUpdate.Kind.ACCEPTED, "housing", null)
            .updatedCase()
            .status(),
        "a co-unit's acceptance does not move the case");
    clock.advance(Duration.ofMinutes(5));
    update("h-2", c.caseId(), StatusUpdate.Kind.RESPONDED, "housing", "已核实为违建，移交城管拆除");
    UpdateResult coDone =
        update("h-3", c.caseId(), StatusUpdate.Kind.RESOLVED, "housing", "住建部分办结");
    assertTrue(coDone.applied());
    assertEquals(CaseStatus.SUBMITTED, coDone.updatedCase().status(), "not resolved by a co-unit");
    CaseUnit housing = unit(c.caseId(), "housing");
    assertEquals("resolved", housing.state());
    assertEquals("已核实为违建，移交城管拆除", housing.response().orElseThrow());
    assertEquals("住建部分办结", housing.result().orElseThrow());
    assertTrue(housing.acceptedAt().isPresent() && housing.respondedAt().isPresent());
    List<String> notes = coDone.updatedCase().history().stream().map(h -> h.note()).toList();
    assertTrue(
        notes.stream()
            .anyMatch(n -> n.contains("协办") && n.contains("housing") && n.contains("resolved")),
        notes.toString());

    update("l-1", c.caseId(), StatusUpdate.Kind.ACCEPTED, "朝阳区望京街道", null);
    Case resolved =
        update("l-2", c.caseId(), StatusUpdate.Kind.RESOLVED, "朝阳区望京街道", "已拆除").updatedCase();
    assertEquals(CaseStatus.RESOLVED, resolved.status(), "the lead's resolution resolves it");
    CaseUnit lead = unit(c.caseId(), "street_office");
    assertEquals("resolved", lead.state());
    assertEquals("朝阳区望京街道", lead.reportedName().orElseThrow());
    assertEquals("dispatched", unit(c.caseId(), "urban_management").state());
  }

  @Test
  void aCoUnitsReturnIsItsOwnTheLeadsResponseMovesNothingAndARedispatchKeepsTheUnits() {
    jsonl();
    Case c = submit(bridge, jointForm(), clock);
    Case afterCoReturn =
        update("r-1", c.caseId(), StatusUpdate.Kind.RETURNED, "housing", "不属于住建职责").updatedCase();
    assertEquals(CaseStatus.SUBMITTED, afterCoReturn.status(), "a co-unit's return is its own");
    assertEquals("returned", unit(c.caseId(), "housing").state());
    assertEquals("不属于住建职责", unit(c.caseId(), "housing").returnReason().orElseThrow());

    Case responded =
        update("r-2", c.caseId(), StatusUpdate.Kind.RESPONDED, "朝阳区望京街道", "已约谈业主").updatedCase();
    assertEquals(CaseStatus.SUBMITTED, responded.status());
    assertEquals("已约谈业主", unit(c.caseId(), "street_office").response().orElseThrow());

    update("r-3", c.caseId(), StatusUpdate.Kind.RETURNED, "朝阳区望京街道", "请改派");
    assertEquals(
        CaseStatus.RETURNED,
        await(bridge.findCase(c.caseId())).orElseThrow().status(),
        "the lead's");
    Case again = await(bridge.redispatch(c.caseId(), "sup1", "再派"));
    assertEquals(List.of("housing", "urban_management"), again.content().orElseThrow().coUnits());
    assertEquals(
        List.of("dispatched", "dispatched", "dispatched"),
        await(bridge.units(c.caseId())).stream().map(CaseUnit::state).toList(),
        "a new round for every unit");
  }

  @Test
  void coUnitReportsRepeatedOrOutOfOrderChangeNothingTwice() {
    jsonl();
    Case c = submit(bridge, jointForm(), clock);
    Instant early = clock.instant();
    clock.advance(Duration.ofMinutes(30));
    // resolved arrives before accepted; then the acceptance, stamped earlier, arrives
    assertTrue(
        update("u-2", c.caseId(), StatusUpdate.Kind.RESOLVED, "urban_management", "已拆除").applied());
    await(
        bridge.applyStatusUpdate(
            new StatusUpdate(
                "u-1",
                c.caseId(),
                StatusUpdate.Kind.ACCEPTED,
                "urban_management",
                Optional.empty(),
                early)));
    int lines = await(bridge.findCase(c.caseId())).orElseThrow().history().size();
    assertFalse(
        update("u-2", c.caseId(), StatusUpdate.Kind.RESOLVED, "urban_management", "已拆除").applied(),
        "a repeat");
    assertFalse(
        update("u-1", c.caseId(), StatusUpdate.Kind.ACCEPTED, "urban_management", null).applied());
    Case after = await(bridge.findCase(c.caseId())).orElseThrow();
    assertEquals(lines, after.history().size(), "repeats write nothing");
    CaseUnit u = unit(c.caseId(), "urban_management");
    assertEquals(early, u.acceptedAt().orElseThrow());
    assertEquals("resolved", u.state());
    assertEquals(CaseStatus.SUBMITTED, after.status());
    // a second, different result does not replace the first
    update("u-3", c.caseId(), StatusUpdate.Kind.RESOLVED, "urban_management", "另一个结果");
    assertEquals("已拆除", unit(c.caseId(), "urban_management").result().orElseThrow());
  }

  @Test
  void coUnitsAreCheckedOnTheForm() {
    jsonl();
    List<FieldError> errors =
        bridge.validate(
            jointForm().withCoUnits(List.of("street_office", "nonsense", "housing", "housing")));
    assertEquals(3, errors.size(), errors.toString());
    assertTrue(errors.stream().allMatch(e -> e.field().equals("coUnits")));
    assertEquals(
        FieldError.Code.TOO_LARGE,
        bridge
            .validate(
                jointForm()
                    .withCoUnits(
                        List.of(
                            "housing", "planning", "transport", "health", "education", "ecology")))
            .get(0)
            .code());
    CaseForm direct =
        new CaseForm(
                "consultation",
                "construction.illegal_building",
                "",
                null,
                null,
                null,
                "问",
                "direct_answer",
                null,
                null,
                null,
                "a1",
                "答")
            .withCoUnits(List.of("housing"));
    assertEquals("coUnits", bridge.validate(direct).get(0).field());
    // from JSON: an array of strings, or codes separated by commas
    FormReader.Read read =
        (FormReader.Read)
            FormReader.read(
                "{\"category\":\"x\",\"coUnits\":[\"housing\",\"planning\"]}"
                    .getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of("housing", "planning"), read.form().coUnits());
    FormReader.Read text =
        (FormReader.Read)
            FormReader.read("{\"coUnits\":\"housing, planning\"}".getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of("housing", "planning"), text.form().coUnits());
    assertTrue(
        FormReader.read("{\"coUnits\":[1]}".getBytes(StandardCharsets.UTF_8))
            instanceof FormReader.Refused);
  }

  @Test
  void theSameJointFormAgainIsTheSameCaseAndAnotherIsRefused() {
    jsonl();
    String callId = "j-same";
    await(bridge.callAnswered(Fixtures.answeredCall(callId, "13912345678", clock.instant())));
    Case first = await(bridge.submitForm(callId, jointForm()));
    assertEquals(first.caseId(), await(bridge.submitForm(callId, jointForm())).caseId());
    CaseBridgeException e =
        assertThrows(
            CaseBridgeException.class,
            () -> await(bridge.submitForm(callId, jointForm().withCoUnits(List.of("housing")))));
    assertEquals(ErrorCode.CASE_NOT_DRAFT, e.code());
  }

  @Test
  void theJsonLinesPayloadCarriesEveryUnitWithItsRole() throws Exception {
    jsonl();
    Case c = submit(bridge, jointForm(), clock);
    bridge.startDelivery();
    Path file = dir.resolve("c.jsonl");
    Fixtures.eventually(
        Duration.ofSeconds(10), "delivered", () -> Files.exists(file) && lines(file) > 0);
    JsonNode payload = JSON.readTree(Files.readAllLines(file).get(0));
    assertEquals(c.caseId(), payload.path("caseId").asText());
    JsonNode units = payload.path("units");
    assertEquals(3, units.size());
    assertEquals("lead", units.get(0).path("role").asText());
    assertEquals("street_office", units.get(0).path("id").asText());
    assertEquals("街道办事处/乡镇政府", units.get(0).path("zh").asText());
    assertEquals("co", units.get(1).path("role").asText());
    assertEquals("housing", units.get(1).path("id").asText());
    assertEquals("urban_management", units.get(2).path("id").asText());
  }

  private static long lines(Path file) {
    try {
      return Files.readAllLines(file).size();
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  @Test
  void theWebhookPayloadCarriesEveryUnit() throws Exception {
    try (Receiver receiver = new Receiver()) {
      Clock real = Clock.systemUTC();
      CasesConfig config = Fixtures.config("joint-hook");
      bridge =
          Fixtures.bridge(
              Fixtures.databaseUrl(config.centreId()),
              config,
              new WebhookTarget(
                  receiver.uri("/dispatch/cases"),
                  Fixtures.WEBHOOK_KEY,
                  Duration.ofSeconds(2),
                  real),
              real,
              CaseEvents.NONE);
      Case c = submit(bridge, jointForm(), real);
      bridge.startDelivery();
      Fixtures.eventually(Duration.ofSeconds(10), "delivered", () -> !receiver.taken().isEmpty());
      JsonNode payload = JSON.readTree(receiver.taken().get(0).body());
      assertEquals(c.caseId(), payload.path("caseId").asText());
      assertEquals(
          List.of("lead:street_office", "co:housing", "co:urban_management"),
          java.util.stream.StreamSupport.stream(payload.path("units").spliterator(), false)
              .map(u -> u.path("role").asText() + ":" + u.path("id").asText())
              .toList());
    }
  }

  @Test
  void theOpen311RequestCarriesTheUnitsAsAttributes() throws Exception {
    try (Receiver receiver = new Receiver()) {
      receiver.answer(r -> new Receiver.Answer(201, "[{\"service_request_id\":\"88\"}]", 0));
      Clock real = Clock.systemUTC();
      CasesConfig base = Fixtures.config("joint-311");
      CasesConfig config =
          base.withDelivery(
              base.delivery()
                  .withOpen311(
                      new DeliverySettings.Open311(
                          receiver.uri("/open311/v2"),
                          "HOTLINE_OPEN311_API_KEY",
                          Optional.empty(),
                          "",
                          false,
                          Duration.ofSeconds(2))));
      Secrets env = new Secrets(Map.of("HOTLINE_OPEN311_API_KEY", "k-123")::get);
      bridge =
          Fixtures.bridge(
              Fixtures.databaseUrl(config.centreId()),
              config,
              DeliveryTargets.create(config.delivery(), env, real),
              real,
              CaseEvents.NONE);
      Case c = submit(bridge, jointForm(), real);
      bridge.startDelivery();
      Fixtures.eventually(Duration.ofSeconds(10), "delivered", () -> !receiver.taken().isEmpty());
      Map<String, String> fields = form(receiver.taken().get(0).body());
      assertEquals(c.caseId(), fields.get("attribute[case_id]"));
      assertEquals("street_office", fields.get("attribute[owner_type]"));
      assertEquals("street_office", fields.get("attribute[lead_unit]"));
      assertEquals("housing,urban_management", fields.get("attribute[co_units]"));
    }
  }

  static Map<String, String> form(String body) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      m.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return m;
  }
}
