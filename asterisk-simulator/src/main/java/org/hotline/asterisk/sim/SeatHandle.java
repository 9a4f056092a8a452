package org.hotline.asterisk.sim;

import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.hotline.asterisk.sim.seat.SeatDirectory;

/** One seat, to script its behaviour from a test: {@code sim.seat("seat036").behave(...)}. */
public final class SeatHandle {
  private final SeatDirectory directory;
  private final String seat;

  SeatHandle(SeatDirectory directory, String seat) {
    this.directory = directory;
    this.seat = seat;
  }

  /** From the next ring on, the seat behaves like this. */
  public SeatHandle behave(SeatBehaviour behaviour) {
    directory.behave(seat, behaviour);
    return this;
  }

  /** Back to the default behaviour. */
  public SeatHandle reset() {
    directory.reset(seat);
    return this;
  }
}
