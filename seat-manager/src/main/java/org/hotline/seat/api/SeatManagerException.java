package org.hotline.seat.api;

/** A refused operation: a precondition of the domain did not hold. Nothing was changed. */
public final class SeatManagerException extends RuntimeException {

  private final ErrorCode code;

  public SeatManagerException(ErrorCode code, String detail) {
    super(
        code
            + ": "
            + code.description()
            + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"));
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
