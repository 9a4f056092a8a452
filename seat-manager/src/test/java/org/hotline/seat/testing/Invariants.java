package org.hotline.seat.testing;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.Range;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hotline.seat.redis.KeySpace;

/**
 * Reads a centre's whole state from Redis and lists every broken invariant. Test code: it scans.
 */
public final class Invariants {

  private static final Set<String> CALL_STATES =
      Set.of("waiting", "offered", "connected", "finished", "abandoned");

  private final RedisCommands<String, String> redis;
  private final KeySpace keys;

  public Invariants(RedisCommands<String, String> redis, KeySpace keys) {
    this.redis = redis;
    this.keys = keys;
  }

  public List<String> keysMatching(String pattern) {
    List<String> found = new ArrayList<>();
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> page =
          redis.scan(cursor, ScanArgs.Builder.matches(keys.prefix() + pattern).limit(1000));
      found.addAll(page.getKeys());
      cursor = page;
    } while (!cursor.isFinished());
    return found;
  }

  private String idOf(String key, String kind) {
    return key.substring((keys.prefix() + kind + ":").length());
  }

  /** Every broken invariant, in words; empty when the state is sound. */
  public List<String> violations() {
    List<String> problems = new ArrayList<>();
    Map<String, Map<String, String>> agents = new HashMap<>();
    for (String key : keysMatching("agent:*")) {
      agents.put(idOf(key, "agent"), redis.hgetall(key));
    }
    Map<String, Map<String, String>> calls = new HashMap<>();
    for (String key : keysMatching("call:*")) {
      calls.put(idOf(key, "call"), redis.hgetall(key));
    }
    Map<String, Set<String>> avail = new HashMap<>();
    for (String key : keysMatching("avail:*")) {
      avail.put(idOf(key, "avail"), new HashSet<>(redis.zrange(key, 0, -1)));
    }
    Map<String, Set<String>> wait = new HashMap<>();
    for (String key : keysMatching("wait:*")) {
      wait.put(idOf(key, "wait"), new HashSet<>(redis.zrange(key, 0, -1)));
    }

    Map<String, String> callHolder = new HashMap<>();
    Set<String> seatsInUse = new HashSet<>();
    for (var e : agents.entrySet()) {
      String agent = e.getKey();
      Map<String, String> a = e.getValue();
      String st = a.getOrDefault("st", "out");
      String call = a.getOrDefault("call", "");
      String seat = a.getOrDefault("seat", "");
      if (!st.equals("out")) {
        if (seat.isEmpty()) {
          problems.add("agent " + agent + " is " + st + " without a seat");
        } else if (!seatsInUse.add(seat)) {
          problems.add("seat " + seat + " has two agents");
        } else if (!agent.equals(redis.get(keys.seat(seat)))) {
          problems.add("seat " + seat + " does not point back to " + agent);
        }
      }
      Set<String> pools = new HashSet<>();
      for (String p : a.getOrDefault("pools", "").split(",")) {
        if (!p.isEmpty()) {
          pools.add(p.substring(0, p.lastIndexOf('=')));
        }
      }
      for (var pool : avail.entrySet()) {
        boolean in = pool.getValue().contains(agent);
        boolean should = st.equals("avail") && pools.contains(pool.getKey());
        if (in != should) {
          problems.add(
              "agent "
                  + agent
                  + " ("
                  + st
                  + ") "
                  + (in ? "is" : "is not")
                  + " in pool "
                  + pool.getKey());
        }
      }
      if (st.equals("avail")) {
        for (String p : pools) {
          if (!avail.getOrDefault(p, Set.of()).contains(agent)) {
            problems.add("available agent " + agent + " missing from pool " + p);
          }
        }
      }
      switch (st) {
        case "offered", "oncall", "wrap" -> {
          Map<String, String> c = calls.get(call);
          String expected =
              st.equals("offered") ? "offered" : st.equals("oncall") ? "connected" : "finished";
          // a call handed on (transferred) carries on elsewhere while its earlier agent wraps up
          boolean handedOn =
              st.equals("wrap")
                  && c != null
                  && java.util.Arrays.stream(c.getOrDefault("legs", "").split(";"))
                      .anyMatch(
                          l -> l.split("\\|", -1).length > 1 && l.split("\\|")[1].equals(agent));
          if (c == null) {
            problems.add("agent " + agent + " is " + st + " with unknown call " + call);
          } else if (!handedOn
              && (!expected.equals(c.get("st")) || !agent.equals(c.get("agent")))) {
            problems.add(
                "agent "
                    + agent
                    + " is "
                    + st
                    + " with call "
                    + call
                    + " that is "
                    + c.get("st")
                    + " at "
                    + c.get("agent"));
          }
          if (!st.equals("wrap") && callHolder.put(call, agent) != null) {
            problems.add("call " + call + " is held by two agents");
          }
        }
        case "avail", "paused", "out" -> {
          if (!call.isEmpty()) {
            problems.add("agent " + agent + " is " + st + " but holds call " + call);
          }
        }
        default -> problems.add("agent " + agent + " has unknown state " + st);
      }
    }

    for (var e : calls.entrySet()) {
      String call = e.getKey();
      Map<String, String> c = e.getValue();
      String st = c.get("st");
      if (!CALL_STATES.contains(st)) {
        problems.add("call " + call + " has state " + st);
        continue;
      }
      Set<String> cb = new HashSet<>();
      for (String b : c.getOrDefault("cb", "").split(",")) {
        if (!b.isEmpty()) {
          cb.add(b);
        }
      }
      for (var w : wait.entrySet()) {
        boolean in = w.getValue().contains(call);
        boolean should = st.equals("waiting") && cb.contains(w.getKey());
        if (in != should) {
          problems.add(
              "call "
                  + call
                  + " ("
                  + st
                  + ") "
                  + (in ? "is" : "is not")
                  + " in wait "
                  + w.getKey());
        }
      }
      if (st.equals("waiting")) {
        for (String b : cb) {
          if (!wait.getOrDefault(b, Set.of()).contains(call)) {
            problems.add("waiting call " + call + " missing from bucket " + b);
          }
        }
      }
      boolean queued = redis.zscore(keys.prefix() + "qwait:" + c.get("q"), call) != null;
      boolean shouldQueue = st.equals("waiting") || st.equals("offered");
      if (queued != shouldQueue) {
        problems.add("call " + call + " (" + st + ") queued=" + queued);
      }
      if (st.equals("offered") || st.equals("connected")) {
        String agent = c.get("agent");
        Map<String, String> a = agents.get(agent);
        String expected = st.equals("offered") ? "offered" : "oncall";
        if (a == null || !expected.equals(a.get("st")) || !call.equals(a.get("call"))) {
          problems.add(
              "call "
                  + call
                  + " is "
                  + st
                  + " at "
                  + agent
                  + " who is "
                  + (a == null ? "unknown" : a.get("st") + "/" + a.get("call")));
        }
      }
    }

    // greedy completeness: no waiting call shares a bucket with an available agent
    for (var w : wait.entrySet()) {
      if (!w.getValue().isEmpty() && !avail.getOrDefault(w.getKey(), Set.of()).isEmpty()) {
        problems.add("bucket " + w.getKey() + " has waiting calls and available agents");
      }
    }

    // live agent counts (per queue group) equal what the agents say
    Map<String, String> stored = redis.hgetall(keys.prefix() + "acount");
    Map<String, Long> actualGroups = new HashMap<>();
    for (var e : agents.entrySet()) {
      String st = e.getValue().getOrDefault("st", "out");
      if (!st.equals("out")) {
        actualGroups.merge(e.getValue().getOrDefault("queues", "") + "|" + st, 1L, Long::sum);
      }
    }
    Set<String> fields = new HashSet<>(stored.keySet());
    fields.addAll(actualGroups.keySet());
    for (String field : fields) {
      long s = Long.parseLong(stored.getOrDefault(field, "0"));
      long a = actualGroups.getOrDefault(field, 0L);
      if (s != a) {
        problems.add("count of " + field + " is " + s + ", agents say " + a);
      }
    }
    return capped(problems);
  }

  private static List<String> capped(List<String> problems) {
    if (problems.size() <= 20) {
      return problems;
    }
    List<String> first = new ArrayList<>(problems.subList(0, 20));
    first.add("... and " + (problems.size() - 20) + " more");
    return first;
  }

  /**
   * From the event stream: no call rang at a second seat before the first offer ended, and no call
   * was answered twice.
   */
  public List<String> offerHistoryViolations() {
    List<String> problems = new ArrayList<>();
    Map<String, String> ringingAt = new HashMap<>();
    Set<String> answered = new HashSet<>();
    List<StreamMessage<String, String>> events =
        redis.xrange(keys.events(), Range.create("-", "+"));
    for (StreamMessage<String, String> m : events) {
      Map<String, String> f = m.getBody();
      String call = f.get("call");
      switch (f.get("kind")) {
        case "offer" -> {
          String previous = ringingAt.put(call, f.get("agent"));
          if (previous != null) {
            problems.add(
                "call " + call + " offered to " + f.get("agent") + " while ringing at " + previous);
          }
        }
        case "answered" -> {
          if (!answered.add(call)) {
            problems.add("call " + call + " answered twice");
          }
          ringingAt.remove(call);
        }
        case "noanswer", "withdrawn", "abandoned" -> ringingAt.remove(call);
        case "transferred" -> answered.remove(call); // its next leg is answered anew
        default -> {}
      }
    }
    return capped(problems);
  }
}
