package org.hotline.asterisk.sim.dialplan;

/** How hotline-hold keeps the caller waiting. */
public enum HoldMode {
  /** MusicOnHold(default,max): one Newexten, MusicOnHoldStart/Stop; cheap at high time scales. */
  MUSIC_ON_HOLD,
  /** The recorded Wait(1) loop: four dialplan events per held second, as in the lab. */
  WAIT_LOOP
}
