package org.hotline.asterisk.sim.dialplan;

/** Which extensions.conf the simulator runs. */
public enum DialplanProfile {
  /** The gateway's own config/asterisk/extensions.conf (no NoOps, MixMonitor in connect). */
  GATEWAY,
  /** The lab's dialplan-used.conf, for byte-level comparison with the recordings. */
  RECORDED
}
