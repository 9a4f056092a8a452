package org.hotline.seat.record;

/**
 * A Redis stream entry id ({@code ms-n}) and its place as one number: ids of one stream are
 * ordered, and so are these numbers (n below 2^20 per millisecond, far above any real rate).
 */
record StreamId(long millis, long sequence) implements Comparable<StreamId> {

  static final StreamId ZERO = new StreamId(0, 0);

  static StreamId parse(String id) {
    int dash = id.indexOf('-');
    if (dash < 0) {
      throw new IllegalArgumentException("not a stream id: " + id);
    }
    return new StreamId(
        Long.parseLong(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1)));
  }

  /** The smallest id after this one, for an inclusive XRANGE start. */
  StreamId next() {
    return new StreamId(millis, sequence + 1);
  }

  long ordinal() {
    return (millis << 20) | Math.min(sequence, (1L << 20) - 1);
  }

  @Override
  public int compareTo(StreamId o) {
    int c = Long.compare(millis, o.millis);
    return c != 0 ? c : Long.compare(sequence, o.sequence);
  }

  @Override
  public String toString() {
    return millis + "-" + sequence;
  }
}
