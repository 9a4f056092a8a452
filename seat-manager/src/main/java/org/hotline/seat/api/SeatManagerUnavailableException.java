package org.hotline.seat.api;

/**
 * Redis could not be reached or did not answer in time. The operation may or may not have been
 * applied; every seat-manager operation can be repeated safely.
 */
public final class SeatManagerUnavailableException extends RuntimeException {

  public SeatManagerUnavailableException(String operation, Throwable cause) {
    super(operation + ": the seat manager's store is unavailable (" + cause + ")", cause);
  }
}
