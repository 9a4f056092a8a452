package org.hotline.gateway.access;

/**
 * A request refused for who is asking: 401 (nobody signed in), 403 (not theirs to do), 404 when
 * what they asked for does not exist, or 409 when their own state does not allow it now.
 */
public final class AccessRefused extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  private AccessRefused(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public static AccessRefused notSignedIn() {
    return new AccessRefused(401, "SIGN_IN_REQUIRED", "sign in first");
  }

  public static AccessRefused forbidden(String message) {
    return new AccessRefused(403, "FORBIDDEN", message);
  }

  public static AccessRefused passwordChangeRequired() {
    return new AccessRefused(
        403, "PASSWORD_CHANGE_REQUIRED", "choose your own password before anything else");
  }

  /** Nothing by that name (a 404, as for anyone). */
  public static AccessRefused unknown(String code, String message) {
    return new AccessRefused(404, code, message);
  }

  /** Not now: what the person holds or is doing does not allow it (a 409). */
  public static AccessRefused conflict(String code, String message) {
    return new AccessRefused(409, code, message);
  }

  /** The exchange refused or did not answer what the request needed: 502 EXCHANGE_FAILED. */
  public static AccessRefused exchangeFailed(String message) {
    return new AccessRefused(502, "EXCHANGE_FAILED", message);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
