package org.hotline.asterisk.sim;

import java.nio.file.Path;
import org.hotline.asterisk.sim.dialplan.DialplanSource;

/** The lab of the 2026-11-30 recordings, as far as the recordings show it. */
final class Lab1130 {
  /** The dialplan that ran on the real exchange when the recordings were made. */
  static final Path TRIED =
      Path.of("src", "test", "resources", "dialplans", "extensions-as-tried-2026-11-30.conf");

  /**
   * The citizen handset context of that lab: the recordings show the ;1 half of the originated
   * Local/s@hotline-in running Wait(600) at callgen,s,1 (the 2026-11-27 lab had a NoOp first).
   */
  static final String CALLGEN =
      String.join(
          "\n",
          "; the 2026-11-30 lab's handset context, as its recordings show it",
          "[callgen]",
          "exten => s,1,Wait(600)",
          " same => n,Hangup()",
          "");

  private Lab1130() {}

  /** The tried dialplan plus the lab's handset context. */
  static DialplanSource triedDialplan() {
    return DialplanSource.file(TRIED).plus(CALLGEN);
  }
}
