package org.hotline.asterisk.sim.agi;

/** The AGISTATUS channel variable Asterisk sets when AGI() returns. */
public enum AgiStatus {
  SUCCESS,
  FAILURE,
  NOTFOUND,
  HANGUP
}
