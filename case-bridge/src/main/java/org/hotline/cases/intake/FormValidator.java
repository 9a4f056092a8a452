package org.hotline.cases.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hotline.cases.api.CallFacts;
import org.hotline.cases.api.CaseContent;
import org.hotline.cases.api.CaseForm;
import org.hotline.cases.api.Disposition;
import org.hotline.cases.api.FieldError;
import org.hotline.cases.api.GuestOfficial;
import org.hotline.cases.api.Jurisdiction;
import org.hotline.cases.api.PhoneNumbers;
import org.hotline.cases.api.RequestType;
import org.hotline.cases.api.Urgency;
import org.hotline.cases.config.FormLimits;
import org.hotline.cases.jurisdiction.Gazetteer;
import org.hotline.cases.jurisdiction.Resolution;
import org.hotline.cases.taxonomy.Category;
import org.hotline.cases.taxonomy.Taxonomy;

/**
 * Checks the agent's form against the taxonomy, the gazetteer and the limits, field by field: the
 * result is either clean {@link CaseContent} or every error found, never half of each.
 *
 * <p>Rules: request type, category (a leaf), summary, disposition and agent are required. A
 * dispatch needs a location and a jurisdiction: the district and street given, or else resolved
 * from the location text; ambiguous or unknown text is an error listing the candidates. A direct
 * answer keeps the location as text and a jurisdiction only when one is clear. Urgency and owner
 * type default from the category. A guest official needs both a name and a callback number.
 */
public final class FormValidator {

  /** 协办 units on one case at most: a joint case names the few bureaus that must report. */
  public static final int MAX_CO_UNITS = 5;

  private final Taxonomy taxonomy;
  private final Gazetteer gazetteer;
  private final FormLimits limits;

  public FormValidator(Taxonomy taxonomy, Gazetteer gazetteer, FormLimits limits) {
    this.taxonomy = taxonomy;
    this.gazetteer = gazetteer;
    this.limits = limits;
  }

  /** Clean content, or the errors. */
  public sealed interface Result {}

  public record Valid(CaseContent content) implements Result {}

  public record Invalid(List<FieldError> errors) implements Result {
    public Invalid {
      errors = List.copyOf(errors);
    }
  }

  /**
   * @param call the call the form is for, when known: a guest official on the call is kept when the
   *     form names none
   */
  public Result validate(CaseForm form, Optional<CallFacts> call) {
    List<FieldError> errors = new ArrayList<>();

    Optional<RequestType> type =
        required(errors, "requestType", form.requestType())
            .flatMap(t -> known(errors, "requestType", t, RequestType.parse(t)));

    Optional<Category> category =
        required(errors, "category", form.category())
            .flatMap(
                code -> {
                  Optional<Category> found = taxonomy.find(code);
                  if (found.isEmpty()) {
                    errors.add(unknown("category", "未知的分类", "unknown category"));
                    return Optional.empty();
                  }
                  if (!found.get().leaf()) {
                    errors.add(
                        new FieldError(
                            "category",
                            FieldError.Code.NOT_A_LEAF,
                            "请选择具体的二级分类",
                            "choose a category of the second level"));
                    return Optional.empty();
                  }
                  return found;
                });

    Optional<Disposition> disposition =
        required(errors, "disposition", form.disposition())
            .flatMap(d -> known(errors, "disposition", d, Disposition.parse(d)));

    Optional<String> summary =
        required(errors, "summary", form.summary())
            .flatMap(s -> text(errors, "summary", s, limits.summaryMaxChars(), true))
            .filter(s -> nonEmpty(errors, "summary", s));

    Optional<String> agent =
        required(errors, "agentId", form.agentId())
            .filter(
                a -> {
                  if (CallFacts.ID.matcher(a).matches()) {
                    return true;
                  }
                  errors.add(unknown("agentId", "无效的话务员编号", "not a valid agent id"));
                  return false;
                });

    boolean dispatch = disposition.map(d -> d == Disposition.DISPATCH).orElse(true);
    // a direct answer records what the caller was told; a dispatch leaves that to the unit
    Optional<String> answer = Optional.empty();
    if (!dispatch) {
      answer =
          required(errors, "answer", form.answer())
              .flatMap(a -> text(errors, "answer", a, limits.summaryMaxChars(), true))
              .filter(a -> nonEmpty(errors, "answer", a));
    } else if (!blank(form.answer())) {
      answer = text(errors, "answer", form.answer(), limits.summaryMaxChars(), true);
    }
    Optional<String> location =
        blank(form.location())
            ? Optional.of("")
            : text(errors, "location", form.location(), limits.locationMaxChars(), false);
    if (dispatch && location.isPresent() && location.get().isEmpty()) {
      errors.add(required("location"));
      location = Optional.empty();
    }
    Optional<Jurisdiction> jurisdiction = Optional.empty();
    if (location.isPresent()) {
      jurisdiction = jurisdiction(errors, form, location.get(), dispatch);
    }

    Optional<Urgency> urgency =
        blank(form.urgency())
            ? category.flatMap(Category::urgency)
            : known(errors, "urgency", form.urgency(), Urgency.parse(form.urgency()));

    Optional<String> owner =
        blank(form.ownerType())
            ? category.flatMap(Category::ownerType)
            : known(
                errors,
                "ownerType",
                form.ownerType(),
                taxonomy.ownerType(form.ownerType()).map(n -> form.ownerType()));

    Optional<GuestOfficial> official = official(errors, form, call);

    List<String> coUnits = coUnits(errors, form, owner, dispatch);

    if (!errors.isEmpty()) {
      return new Invalid(errors);
    }
    return new Valid(
        new CaseContent(
            type.orElseThrow(),
            category.orElseThrow().code(),
            location.orElseThrow(),
            jurisdiction,
            urgency.orElseThrow(),
            summary.orElseThrow(),
            disposition.orElseThrow(),
            owner.orElseThrow(),
            agent.orElseThrow(),
            official,
            dispatch ? Optional.<String>empty() : answer,
            coUnits));
  }

  /**
   * 协办: known unit types, each once, none the lead itself, at most {@link #MAX_CO_UNITS}; only for
   * a dispatch.
   */
  private List<String> coUnits(
      List<FieldError> errors, CaseForm form, Optional<String> lead, boolean dispatch) {
    List<String> raw = form.coUnits() == null ? List.of() : form.coUnits();
    if (raw.isEmpty()) {
      return List.of();
    }
    if (!dispatch) {
      errors.add(
          new FieldError(
              "coUnits",
              FieldError.Code.UNKNOWN_VALUE,
              "直接办结的工单没有协办单位",
              "a direct answer has no co-units"));
      return List.of();
    }
    if (raw.size() > MAX_CO_UNITS) {
      errors.add(
          new FieldError(
              "coUnits",
              FieldError.Code.TOO_LARGE,
              "协办单位最多" + MAX_CO_UNITS + "个",
              "at most " + MAX_CO_UNITS + " co-units"));
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String u : raw) {
      String code = u == null ? "" : u.strip();
      if (taxonomy.ownerType(code).isEmpty()) {
        errors.add(unknown("coUnits", "未知的协办单位类型", "unknown unit type"));
      } else if (lead.map(code::equals).orElse(false)) {
        errors.add(
            new FieldError(
                "coUnits",
                FieldError.Code.UNKNOWN_VALUE,
                "主办单位不能同时为协办单位",
                "the lead unit cannot also be a co-unit"));
      } else if (out.contains(code)) {
        errors.add(
            new FieldError(
                "coUnits", FieldError.Code.UNKNOWN_VALUE, "协办单位重复", "a co-unit is named twice"));
      } else {
        out.add(code);
      }
    }
    return out;
  }

  private Optional<Jurisdiction> jurisdiction(
      List<FieldError> errors, CaseForm form, String location, boolean dispatch) {
    if (!blank(form.district()) || !blank(form.street())) {
      String district = blank(form.district()) ? "" : form.district().strip();
      String street = blank(form.street()) ? "" : form.street().strip();
      int dot = street.indexOf('.');
      if (dot > 0) { // a full id: chaoyang.wangjing
        if (!district.isEmpty() && !district.equals(street.substring(0, dot))) {
          errors.add(
              new FieldError(
                  "street",
                  FieldError.Code.STREET_NOT_IN_DISTRICT,
                  "该街乡镇不属于所选区",
                  "the street is not in the district chosen"));
          return Optional.empty();
        }
        district = street.substring(0, dot);
        street = street.substring(dot + 1);
      }
      if (gazetteer.district(district).isEmpty()) {
        errors.add(
            new FieldError(
                "district", FieldError.Code.DISTRICT_UNKNOWN, "未知的区", "unknown district"));
        return Optional.empty();
      }
      if (street.isEmpty()) {
        errors.add(
            new FieldError(
                "street",
                FieldError.Code.JURISDICTION_INCOMPLETE,
                "请选择街道（乡镇）",
                "choose the street or township",
                candidates(gazetteer.streetsOf(district))));
        return Optional.empty();
      }
      Optional<Jurisdiction> j = gazetteer.jurisdiction(district, street);
      if (j.isEmpty()) {
        errors.add(
            new FieldError(
                "street",
                FieldError.Code.STREET_UNKNOWN,
                "该区没有这个街道（乡镇）",
                "no such street or township in the district",
                candidates(gazetteer.streetsOf(district))));
      }
      return j;
    }
    Resolution r = gazetteer.resolve(location);
    if (r instanceof Resolution.Resolved resolved) {
      return Optional.of(resolved.jurisdiction());
    }
    if (!dispatch) {
      return Optional.empty(); // a direct answer needs no owner
    }
    if (r instanceof Resolution.Ambiguous a) {
      errors.add(
          new FieldError(
              "location",
              a.districtOnly()
                  ? FieldError.Code.JURISDICTION_INCOMPLETE
                  : FieldError.Code.JURISDICTION_AMBIGUOUS,
              a.districtOnly() ? "请选择街道（乡镇）" : "地点对应多个街乡镇，请选择",
              a.districtOnly()
                  ? "choose the street or township"
                  : "the location matches several streets: choose one",
              candidates(a.candidates())));
    } else {
      errors.add(
          new FieldError(
              "location",
              FieldError.Code.JURISDICTION_UNKNOWN,
              "无法识别属地，请选择区和街道（乡镇）",
              "location not recognised: choose the district and street"));
    }
    return Optional.empty();
  }

  private Optional<GuestOfficial> official(
      List<FieldError> errors, CaseForm form, Optional<CallFacts> call) {
    boolean hasName = !blank(form.officialName());
    boolean hasPhone = !blank(form.officialPhone());
    if (!hasName && !hasPhone) {
      return call.flatMap(CallFacts::official);
    }
    Optional<String> name =
        hasName
            ? text(errors, "officialName", form.officialName(), limits.nameMaxChars(), false)
            : Optional.empty();
    if (!hasName) {
      errors.add(required("officialName"));
    }
    Optional<String> phone = Optional.empty();
    if (!hasPhone) {
      errors.add(required("officialPhone"));
    } else {
      phone = PhoneNumbers.normalize(form.officialPhone());
      if (phone.isEmpty()) {
        errors.add(
            new FieldError(
                "officialPhone",
                FieldError.Code.INVALID_PHONE,
                "回电号码无效",
                "not a valid callback number"));
      }
    }
    if (name.isPresent() && phone.isPresent()) {
      return Optional.of(new GuestOfficial(name.get(), phone.get()));
    }
    return Optional.empty();
  }

  private static List<FieldError.Candidate> candidates(List<Jurisdiction> js) {
    return js.stream()
        .map(j -> new FieldError.Candidate(j.districtId(), j.streetId(), j.label()))
        .toList();
  }

  private static Optional<String> text(
      List<FieldError> errors, String field, String raw, int max, boolean multiline) {
    TextRules.Checked c = TextRules.check(field, raw, max, multiline);
    if (c instanceof TextRules.Refused r) {
      errors.add(r.error());
      return Optional.empty();
    }
    return Optional.of(((TextRules.Clean) c).text());
  }

  private static boolean nonEmpty(List<FieldError> errors, String field, String s) {
    if (s.isEmpty()) {
      errors.add(required(field));
      return false;
    }
    return true;
  }

  private static Optional<String> required(List<FieldError> errors, String field, String value) {
    if (blank(value)) {
      errors.add(required(field));
      return Optional.empty();
    }
    return Optional.of(value.strip());
  }

  private static <T> Optional<T> known(
      List<FieldError> errors, String field, String raw, Optional<T> parsed) {
    if (parsed.isEmpty()) {
      errors.add(unknown(field, "无效的取值", "not one of the allowed values"));
    }
    return parsed;
  }

  private static FieldError required(String field) {
    return new FieldError(field, FieldError.Code.REQUIRED, "必填", "required");
  }

  private static FieldError unknown(String field, String zh, String en) {
    return new FieldError(field, FieldError.Code.UNKNOWN_VALUE, zh, en);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
