package org.hotline.cases.api;

import java.util.List;
import java.util.Objects;

/**
 * One thing wrong with one field of a form, for the desktop to show beside that field.
 *
 * @param field the form field ({@code summary}, {@code location}, ...; {@code $} for the whole
 *     body)
 * @param code a pinned code the desktop may match on
 * @param message the explanation in Chinese
 * @param messageEn the explanation in English
 * @param candidates jurisdictions to choose from, when the location was ambiguous or unknown
 */
public record FieldError(
    String field,
    FieldError.Code code,
    String message,
    String messageEn,
    List<Candidate> candidates) {

  public FieldError {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(code, "code");
    candidates = List.copyOf(candidates);
  }

  public FieldError(String field, Code code, String message, String messageEn) {
    this(field, code, message, messageEn, List.of());
  }

  /** Why a field was refused. The names are part of the API and never change meaning. */
  public enum Code {
    REQUIRED,
    WRONG_TYPE,
    UNKNOWN_FIELD,
    TOO_LONG,
    TOO_LARGE,
    MALFORMED,
    INVALID_CHARACTERS,
    MARKUP_NOT_ALLOWED,
    UNKNOWN_VALUE,
    NOT_A_LEAF,
    INVALID_PHONE,
    DISTRICT_UNKNOWN,
    STREET_UNKNOWN,
    STREET_NOT_IN_DISTRICT,
    JURISDICTION_AMBIGUOUS,
    JURISDICTION_UNKNOWN,
    JURISDICTION_INCOMPLETE
  }

  /** A jurisdiction the agent may choose. */
  public record Candidate(String districtId, String streetId, String label) {}
}
