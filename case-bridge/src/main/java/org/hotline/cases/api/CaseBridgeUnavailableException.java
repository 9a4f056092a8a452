package org.hotline.cases.api;

/**
 * The case store (PostgreSQL) could not be reached or did not answer in time. The operation may or
 * may not have been applied; every case-bridge operation can be repeated safely (call events and
 * form submissions are idempotent, status updates carry their own id).
 */
public final class CaseBridgeUnavailableException extends RuntimeException {

  public CaseBridgeUnavailableException(String operation, Throwable cause) {
    super(operation + ": the case store is unavailable (" + cause + ")", cause);
  }
}
