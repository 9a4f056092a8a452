package org.hotline.gateway.transfer;

/**
 * A transfer the exchange side refused or could not finish, with the code and status the client
 * sees ({@code CALL_NOT_MOVABLE} 409, {@code CALLER_GONE} 409, {@code EXCHANGE_FAILED} 502).
 */
public final class TransferRefused extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  TransferRefused(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
