package org.hotline.asterisk.sim.ami;

/** Answers one AMI action for an authenticated session; runs on the simulator's event loop. */
@FunctionalInterface
public interface AmiActionHandler {
  void handle(AmiSession session, AmiMessage action);
}
