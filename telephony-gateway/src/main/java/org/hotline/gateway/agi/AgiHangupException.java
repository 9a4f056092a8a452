package org.hotline.gateway.agi;

/** The caller hung up: the channel is dead and no further channel command can succeed. */
public final class AgiHangupException extends RuntimeException {
  public AgiHangupException(String command) {
    super("caller hung up during or before: " + command);
  }
}
