package org.hotline.gateway.ami;

/** An AMI action failed: refused by Asterisk, not answered in time, or no connection. */
public final class AmiException extends RuntimeException {
  public AmiException(String message) {
    super(message);
  }
}
