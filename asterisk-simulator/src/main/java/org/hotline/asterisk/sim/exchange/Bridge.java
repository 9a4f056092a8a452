package org.hotline.asterisk.sim.exchange;

import java.util.ArrayList;
import java.util.List;

/** A basic two-party bridge as Dial creates it. */
public final class Bridge {
  private final String uniqueid;
  private final List<Channel> members = new ArrayList<>(2);

  Bridge(String uniqueid) {
    this.uniqueid = uniqueid;
  }

  public String uniqueid() {
    return uniqueid;
  }

  public List<Channel> members() {
    return List.copyOf(members);
  }

  void add(Channel c) {
    members.add(c);
  }

  void remove(Channel c) {
    members.remove(c);
  }

  int size() {
    return members.size();
  }
}
