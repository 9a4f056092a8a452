package org.hotline.asterisk.sim.dialplan;

/** Which extensions.conf the simulator runs unless it is given another one. */
public enum DialplanProfile {
  /** The project's config/asterisk/extensions.conf, copied into the simulator at build time. */
  GATEWAY,
  /**
   * The lab's dialplan-used.conf (the 2026-11-27 recordings), with its FastAGI address pointed at
   * GATEWAY_AGI, for comparison with the recordings.
   */
  RECORDED
}
