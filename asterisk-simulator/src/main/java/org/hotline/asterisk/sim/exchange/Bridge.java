package org.hotline.asterisk.sim.exchange;

import java.util.ArrayList;
import java.util.List;

/**
 * A bridge: a basic two-party one as Dial creates it, or a conference (ConfBridge's softmix bridge,
 * which names its creator and the conference).
 */
public final class Bridge {
  private final String uniqueid;
  private final String type;
  private final String technology;
  private final String creator;
  private final String name;
  private final List<Channel> members = new ArrayList<>(2);

  Bridge(String uniqueid) {
    this(uniqueid, "basic", "simple_bridge", "<unknown>", "<unknown>");
  }

  Bridge(String uniqueid, String type, String technology, String creator, String name) {
    this.uniqueid = uniqueid;
    this.type = type;
    this.technology = technology;
    this.creator = creator;
    this.name = name;
  }

  public String uniqueid() {
    return uniqueid;
  }

  public String type() {
    return type;
  }

  public String technology() {
    return technology;
  }

  public String creator() {
    return creator;
  }

  public String name() {
    return name;
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

  public int size() {
    return members.size();
  }
}
