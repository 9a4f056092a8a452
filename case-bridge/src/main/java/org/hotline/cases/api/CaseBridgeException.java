package org.hotline.cases.api;

import java.util.List;

/**
 * A refused operation: a precondition did not hold, nothing was changed. For {@link
 * ErrorCode#INVALID_FORM} {@link #fieldErrors()} says what is wrong, field by field.
 */
public final class CaseBridgeException extends RuntimeException {

  private final ErrorCode code;
  private final List<FieldError> fieldErrors;

  public CaseBridgeException(ErrorCode code, String detail) {
    this(code, detail, List.of());
  }

  public CaseBridgeException(ErrorCode code, String detail, List<FieldError> fieldErrors) {
    super(
        code
            + ": "
            + code.description()
            + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"));
    this.code = code;
    this.fieldErrors = List.copyOf(fieldErrors);
  }

  public ErrorCode code() {
    return code;
  }

  public List<FieldError> fieldErrors() {
    return fieldErrors;
  }
}
