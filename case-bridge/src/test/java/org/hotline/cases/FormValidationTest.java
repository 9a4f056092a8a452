package org.hotline.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.hotline.cases.api.CallFacts;
import org.hotline.cases.api.CaseContent;
import org.hotline.cases.api.CaseForm;
import org.hotline.cases.api.Disposition;
import org.hotline.cases.api.FieldError;
import org.hotline.cases.api.GuestOfficial;
import org.hotline.cases.api.RequestType;
import org.hotline.cases.api.Urgency;
import org.hotline.cases.config.FormLimits;
import org.hotline.cases.intake.FormReader;
import org.hotline.cases.intake.FormValidator;
import org.hotline.cases.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** The agent's form, field by field: clean content or every error, never half of each. */
class FormValidationTest {

  private final FormValidator validator =
      new FormValidator(Fixtures.taxonomy(), Fixtures.gazetteer(), FormLimits.DEFAULTS);

  private CaseContent valid(CaseForm form) {
    FormValidator.Result r = validator.validate(form, Optional.empty());
    return assertInstanceOf(FormValidator.Valid.class, r, r.toString()).content();
  }

  private List<FieldError> errors(CaseForm form) {
    FormValidator.Result r = validator.validate(form, Optional.empty());
    return assertInstanceOf(FormValidator.Invalid.class, r, r.toString()).errors();
  }

  private static FieldError.Code codeOf(List<FieldError> errors, String field) {
    return errors.stream()
        .filter(e -> e.field().equals(field))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no error for " + field + " in " + errors))
        .code();
  }

  private static CaseForm summary(String text) {
    return Fixtures.form("heating.not_warm", "望京西园三区", text);
  }

  @Test
  void aGoodFormTakesUrgencyAndOwnerFromTheCategoryAndTheJurisdictionFromTheLocation() {
    CaseContent c = valid(Fixtures.heatingForm());
    assertEquals(RequestType.COMPLAINT, c.requestType());
    assertEquals(Urgency.UTILITY, c.urgency());
    assertEquals("heating_utility", c.ownerType());
    assertEquals("chaoyang.wangjing", c.jurisdiction().orElseThrow().fullId());
    assertEquals(Disposition.DISPATCH, c.disposition());
  }

  @Test
  void chineseNamesOfTypesAndDispositionsAreAcceptedToo() {
    CaseForm f =
        new CaseForm(
            "投诉",
            "noise.construction",
            "海淀黄庄",
            null,
            null,
            "紧急",
            "夜里两点还在施工",
            "派单",
            null,
            null,
            null,
            "a1");
    CaseContent c = valid(f);
    assertEquals(Urgency.EMERGENCY, c.urgency());
    assertEquals("haidian.haidian", c.jurisdiction().orElseThrow().fullId());
  }

  @Test
  void everyMissingFieldIsReportedAtOnce() {
    List<FieldError> e =
        errors(new CaseForm(null, null, null, null, null, null, " ", null, null, null, null, null));
    for (String field :
        List.of("requestType", "category", "summary", "disposition", "agentId", "location")) {
      assertEquals(FieldError.Code.REQUIRED, codeOf(e, field), field);
    }
  }

  @Test
  void unknownValuesAndATopLevelCategoryAreRefused() {
    CaseForm f =
        new CaseForm(
            "complain",
            "heating",
            "望京",
            null,
            null,
            "asap",
            "x",
            "maybe",
            "nobody",
            null,
            null,
            "a1");
    List<FieldError> e = errors(f);
    assertEquals(FieldError.Code.UNKNOWN_VALUE, codeOf(e, "requestType"));
    assertEquals(FieldError.Code.NOT_A_LEAF, codeOf(e, "category"));
    assertEquals(FieldError.Code.UNKNOWN_VALUE, codeOf(e, "urgency"));
    assertEquals(FieldError.Code.UNKNOWN_VALUE, codeOf(e, "disposition"));
    assertEquals(FieldError.Code.UNKNOWN_VALUE, codeOf(e, "ownerType"));
  }

  @Test
  void anOversizedSummaryIsRefusedWithItsLength() {
    List<FieldError> e = errors(summary("暖".repeat(2001)));
    FieldError f = e.get(0);
    assertEquals(FieldError.Code.TOO_LONG, f.code());
    assertTrue(f.messageEn().contains("2001"));
    valid(summary("暖".repeat(2000)));
  }

  @Test
  void controlAndInvisibleCharactersAreRefused() {
    assertEquals(
        FieldError.Code.INVALID_CHARACTERS, codeOf(errors(summary("a\u0000b")), "summary"));
    assertEquals(
        FieldError.Code.INVALID_CHARACTERS, codeOf(errors(summary("a\u001bb")), "summary"));
    assertEquals(
        FieldError.Code.INVALID_CHARACTERS,
        codeOf(errors(summary("付款\u202e0001")), "summary"),
        "a right-to-left override makes text read differently from what is stored");
    assertEquals(
        FieldError.Code.INVALID_CHARACTERS, codeOf(errors(summary("a\u200bb")), "summary"));
    assertEquals(
        FieldError.Code.INVALID_CHARACTERS,
        codeOf(errors(summary("a\u061cb")), "summary"),
        "any format character (Cf), such as the Arabic letter mark, is invisible");
    assertEquals(
        FieldError.Code.INVALID_CHARACTERS,
        codeOf(errors(Fixtures.form("heating.not_warm", "望京\n西园", "x")), "location"),
        "a location is one line");
    assertEquals("第一行\n第二行\t缩进", valid(summary("第一行\r\n第二行\t缩进")).summary());
  }

  @Test
  void markupIsRefusedButPlainComparisonsAreNot() {
    assertEquals(
        FieldError.Code.MARKUP_NOT_ALLOWED,
        codeOf(errors(summary("<script>alert(1)</script>")), "summary"));
    assertEquals(
        FieldError.Code.MARKUP_NOT_ALLOWED,
        codeOf(errors(summary("<img src=x onerror=y>")), "summary"));
    assertEquals(
        FieldError.Code.MARKUP_NOT_ALLOWED,
        codeOf(errors(summary("点击javascript:void(0)")), "summary"));
    assertEquals("室温<16度，>3天", valid(summary("室温<16度，>3天")).summary());
  }

  @Test
  void anAmbiguousLocationListsTheCandidatesForTheAgent() {
    List<FieldError> e = errors(Fixtures.form("heating.not_warm", "天通苑东三区", "x"));
    FieldError f = e.get(0);
    assertEquals("location", f.field());
    assertEquals(FieldError.Code.JURISDICTION_AMBIGUOUS, f.code());
    assertEquals(
        List.of("tiantongyuanbei", "tiantongyuannan"),
        f.candidates().stream().map(FieldError.Candidate::streetId).toList());
    assertEquals("昌平区天通苑北街道", f.candidates().get(0).label());
  }

  @Test
  void anUnknownLocationAsksForDistrictAndStreet() {
    assertEquals(
        FieldError.Code.JURISDICTION_UNKNOWN,
        codeOf(errors(Fixtures.form("heating.not_warm", "上海陆家嘴", "x")), "location"));
  }

  @Test
  void theAgentsChoiceOfJurisdictionWinsAndIsChecked() {
    CaseForm chosen =
        new CaseForm(
            "complaint",
            "heating.not_warm",
            "天通苑东三区",
            "changping",
            "tiantongyuanbei",
            null,
            "x",
            "dispatch",
            null,
            null,
            null,
            "a1");
    assertEquals("changping.tiantongyuanbei", valid(chosen).jurisdiction().orElseThrow().fullId());
    CaseForm fullId =
        new CaseForm(
            "complaint",
            "heating.not_warm",
            "天通苑",
            null,
            "changping.tiantongyuannan",
            null,
            "x",
            "dispatch",
            null,
            null,
            null,
            "a1");
    assertEquals("changping.tiantongyuannan", valid(fullId).jurisdiction().orElseThrow().fullId());
    CaseForm wrong =
        new CaseForm(
            "complaint",
            "heating.not_warm",
            "天通苑",
            "haidian",
            "tiantongyuanbei",
            null,
            "x",
            "dispatch",
            null,
            null,
            null,
            "a1");
    assertEquals(FieldError.Code.STREET_UNKNOWN, codeOf(errors(wrong), "street"));
    CaseForm noDistrict =
        new CaseForm(
            "complaint",
            "heating.not_warm",
            "天通苑",
            "gotham",
            null,
            null,
            "x",
            "dispatch",
            null,
            null,
            null,
            "a1");
    assertEquals(FieldError.Code.DISTRICT_UNKNOWN, codeOf(errors(noDistrict), "district"));
  }

  @Test
  void aDirectAnswerNeedsNoLocationButTheAnswerGiven() {
    CaseForm noAnswer =
        new CaseForm(
            "consultation",
            "general.policy_inquiry",
            null,
            null,
            null,
            null,
            "咨询公积金提取条件",
            "direct_answer",
            null,
            null,
            null,
            "a1");
    assertEquals(FieldError.Code.REQUIRED, codeOf(errors(noAnswer), "answer"));
    CaseForm hostile =
        new CaseForm(
            "consultation",
            "general.policy_inquiry",
            null,
            null,
            null,
            null,
            "咨询公积金提取条件",
            "direct_answer",
            null,
            null,
            null,
            "a1",
            "<script>alert(1)</script>");
    assertTrue(errors(hostile).stream().anyMatch(e -> e.field().equals("answer")));
    CaseForm f =
        new CaseForm(
            "consultation",
            "general.policy_inquiry",
            null,
            null,
            null,
            null,
            "咨询公积金提取条件",
            "direct_answer",
            null,
            null,
            null,
            "a1",
            "已告知：离职满半年可提取，需带身份证");
    CaseContent c = valid(f);
    assertEquals(Disposition.DIRECT_ANSWER, c.disposition());
    assertTrue(c.jurisdiction().isEmpty());
    assertEquals("已告知：离职满半年可提取，需带身份证", c.answer().orElseThrow());
  }

  @Test
  void aGuestOfficialNeedsNameAndAValidCallbackNumberAndIsKeptFromTheCall() {
    CaseForm half =
        new CaseForm(
            "complaint",
            "heating.not_warm",
            "望京",
            null,
            null,
            null,
            "x",
            "dispatch",
            null,
            "王书记",
            "not-a-number",
            "a1");
    assertEquals(FieldError.Code.INVALID_PHONE, codeOf(errors(half), "officialPhone"));
    CaseForm ok =
        new CaseForm(
            "complaint",
            "heating.not_warm",
            "望京",
            null,
            null,
            null,
            "x",
            "dispatch",
            null,
            "王书记",
            "010-6512 3456",
            "a1");
    assertEquals(new GuestOfficial("王书记", "01065123456"), valid(ok).official().orElseThrow());
    CallFacts call =
        Fixtures.answeredCall("c1", "13912345678", java.time.Instant.EPOCH)
            .withOfficial(new GuestOfficial("李区长", "01088886666"));
    FormValidator.Result r = validator.validate(Fixtures.heatingForm(), Optional.of(call));
    assertEquals(
        "李区长",
        ((FormValidator.Valid) r).content().official().orElseThrow().name(),
        "the official on the call goes on the case");
  }

  // ---- the JSON body ----

  private static List<FieldError> refused(String json) {
    FormReader.Result r = FormReader.read(json.getBytes(StandardCharsets.UTF_8));
    return assertInstanceOf(FormReader.Refused.class, r, json).errors();
  }

  @Test
  void wrongTypesInJsonAreRefusedFieldByField() {
    List<FieldError> e =
        refused(
            "{\"requestType\": 3, \"category\": [\"heating.not_warm\"], \"summary\": {\"a\":1},"
                + " \"agentId\": true}");
    assertEquals(FieldError.Code.WRONG_TYPE, codeOf(e, "requestType"));
    assertEquals(FieldError.Code.WRONG_TYPE, codeOf(e, "category"));
    assertEquals(FieldError.Code.WRONG_TYPE, codeOf(e, "summary"));
    assertEquals(FieldError.Code.WRONG_TYPE, codeOf(e, "agentId"));
  }

  @Test
  void unknownFieldsMalformedJsonDuplicatesAndHugeBodiesAreRefused() {
    assertEquals(FieldError.Code.UNKNOWN_FIELD, refused("{\"<b>x\": \"1\"}").get(0).code());
    assertEquals("?b?x", refused("{\"<b>x\": \"1\"}").get(0).field(), "echoed back inert");
    assertEquals(FieldError.Code.MALFORMED, refused("{\"summary\": ").get(0).code());
    assertEquals(FieldError.Code.WRONG_TYPE, refused("[1,2]").get(0).code());
    assertEquals(
        FieldError.Code.MALFORMED, refused("{\"summary\":\"a\",\"summary\":\"b\"}").get(0).code());
    String huge = "{\"summary\":\"" + "x".repeat(70_000) + "\"}";
    assertEquals(FieldError.Code.TOO_LARGE, refused(huge).get(0).code());
  }

  @Test
  void aGoodJsonBodyReadsIntoTheForm() {
    String json =
        "{\"requestType\":\"complaint\",\"category\":\"heating.not_warm\",\"location\":\"望京\","
            + "\"summary\":\"暖气不热\",\"disposition\":\"dispatch\",\"agentId\":\"a1\",\"street\":null}";
    FormReader.Result r = FormReader.read(json.getBytes(StandardCharsets.UTF_8));
    CaseForm f = assertInstanceOf(FormReader.Read.class, r).form();
    assertEquals("暖气不热", f.summary());
    valid(f);
  }
}
