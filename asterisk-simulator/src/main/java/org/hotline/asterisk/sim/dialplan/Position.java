package org.hotline.asterisk.sim.dialplan;

/** A place in the dialplan: context, extension, priority. */
record Position(String context, String exten, int priority) {
  Position next() {
    return new Position(context, exten, priority + 1);
  }

  @Override
  public String toString() {
    return context + "," + exten + "," + priority;
  }
}
