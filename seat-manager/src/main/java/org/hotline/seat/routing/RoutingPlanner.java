package org.hotline.seat.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.hotline.seat.api.Agent;
import org.hotline.seat.api.ErrorCode;
import org.hotline.seat.api.RoutingRequest;
import org.hotline.seat.api.SeatManagerException;
import org.hotline.seat.config.EscalationStep;
import org.hotline.seat.config.QueueConfig;
import org.hotline.seat.config.SeatManagerConfig;

/**
 * Turns queue rules into buckets.
 *
 * <p>A bucket names one eligibility rule: {@code queue/rule[/language][/district]}. A queue's rules
 * are the distinct (skill levels, district required) pairs its escalation steps produce; the
 * language part appears only for queues that take several languages, the district part only while
 * the district is required ({@code *} for a call about no known district).
 */
public final class RoutingPlanner {

  /** District part of a bucket for a call whose district is not known. */
  public static final String ANY_DISTRICT = "*";

  private final SeatManagerConfig config;
  private final Map<String, List<Rule>> rulesByQueue = new HashMap<>();
  private final Map<String, List<StepRules>> stepsByQueue = new HashMap<>();

  /** One eligibility rule of a queue. */
  private record Rule(int index, Map<String, Integer> levels, boolean district) {}

  /** What holds from one escalation step on. */
  private record StepRules(Duration after, Rule rule, List<String> overflow) {}

  public RoutingPlanner(SeatManagerConfig config) {
    this.config = Objects.requireNonNull(config);
    for (QueueConfig queue : config.queues()) {
      List<Rule> rules = new ArrayList<>();
      List<StepRules> steps = new ArrayList<>();
      int cap = Integer.MAX_VALUE;
      boolean district = queue.districtRequired();
      Set<String> overflow = new LinkedHashSet<>();
      steps.add(new StepRules(Duration.ZERO, rule(rules, queue, cap, district), List.of()));
      for (EscalationStep step : queue.escalation()) {
        if (step.minLevel().isPresent()) {
          cap = Math.min(cap, step.minLevel().getAsInt());
        }
        district = district && !step.dropDistrict();
        overflow.addAll(step.overflow());
        steps.add(
            new StepRules(step.after(), rule(rules, queue, cap, district), List.copyOf(overflow)));
      }
      rulesByQueue.put(queue.id(), List.copyOf(rules));
      stepsByQueue.put(queue.id(), List.copyOf(steps));
    }
  }

  private static Rule rule(List<Rule> rules, QueueConfig queue, int cap, boolean district) {
    Map<String, Integer> levels = new HashMap<>();
    queue.skills().forEach((skill, level) -> levels.put(skill, Math.min(level, cap)));
    for (Rule existing : rules) {
      if (existing.levels().equals(levels) && existing.district() == district) {
        return existing;
      }
    }
    Rule created = new Rule(rules.size(), Map.copyOf(levels), district);
    rules.add(created);
    return created;
  }

  public SeatManagerConfig config() {
    return config;
  }

  /** The queue a request names, or a refusal. */
  public QueueConfig queue(String queueId) {
    return config
        .queue(queueId)
        .orElseThrow(() -> new SeatManagerException(ErrorCode.QUEUE_UNKNOWN, queueId));
  }

  /** Where the call waits at each escalation step; refuses a language or district we don't know. */
  public CallPlan planCall(RoutingRequest request) {
    QueueConfig queue = queue(request.queueId());
    String language = request.language().orElse(queue.languages().get(0));
    if (!queue.languages().contains(language)) {
      throw new SeatManagerException(
          ErrorCode.INVALID_ARGUMENT,
          "queue " + queue.id() + " takes " + queue.languages() + ", not " + language);
    }
    String district = request.district().orElse(ANY_DISTRICT);
    if (!district.equals(ANY_DISTRICT) && !config.districts().contains(district)) {
      throw new SeatManagerException(ErrorCode.INVALID_ARGUMENT, "unknown district " + district);
    }
    List<CallPlan.Step> steps = new ArrayList<>();
    for (StepRules step : stepsByQueue.get(queue.id())) {
      Set<String> buckets = new LinkedHashSet<>();
      buckets.add(bucket(queue, unknownPlace(queue, step.rule(), district), language, district));
      for (String overflowId : step.overflow()) {
        QueueConfig overflow = queue(overflowId);
        // an overflow queue that does not take the caller's language cannot help this call
        if (overflow.languages().contains(language)) {
          Rule base = rulesByQueue.get(overflowId).get(0);
          buckets.add(bucket(overflow, base, language, district));
        }
      }
      steps.add(new CallPlan.Step(step.after(), List.copyOf(buckets)));
    }
    return new CallPlan(steps);
  }

  /**
   * A call about no known district, at a step that asks for the district: nobody can serve its
   * district first, so it is offered as the queue's later, district-free rule with the same skills
   * would offer it (the officials' line: a caller who named no district and has no case history
   * goes to any official at once, not after the wait for one of their district). A queue without
   * such a rule keeps it for agents who serve every district.
   */
  private Rule unknownPlace(QueueConfig queue, Rule rule, String district) {
    if (!rule.district() || !district.equals(ANY_DISTRICT)) {
      return rule;
    }
    for (Rule r : rulesByQueue.get(queue.id())) {
      if (!r.district() && r.levels().equals(rule.levels())) {
        return r;
      }
    }
    return rule;
  }

  /** Every bucket the agent may take calls from, and the queues they are staffed on. */
  public AgentPools poolsFor(Agent agent) {
    List<PoolEntry> pools = new ArrayList<>();
    List<String> queues = new ArrayList<>();
    for (QueueConfig queue : config.queues()) {
      List<Rule> rules = rulesByQueue.get(queue.id());
      for (Rule rule : rules) {
        if (!qualifies(agent, rule)) {
          continue;
        }
        if (rule.index() == 0 && queue.languages().stream().anyMatch(agent.languages()::contains)) {
          queues.add(queue.id());
        }
        int level = tieLevel(agent, queue);
        for (String language : queue.languages()) {
          if (!agent.languages().contains(language)) {
            continue;
          }
          if (rule.district()) {
            // calls about no known district go only to agents who serve every district
            Set<String> districts = new LinkedHashSet<>(agent.districts());
            if (districts.isEmpty()) {
              districts.addAll(config.districts());
              districts.add(ANY_DISTRICT);
            }
            for (String district : districts) {
              pools.add(new PoolEntry(bucket(queue, rule, language, district), level));
            }
          } else {
            pools.add(new PoolEntry(bucket(queue, rule, language, ANY_DISTRICT), level));
          }
        }
      }
    }
    return new AgentPools(pools, queues);
  }

  private static boolean qualifies(Agent agent, Rule rule) {
    for (Map.Entry<String, Integer> need : rule.levels().entrySet()) {
      if (agent.skills().getOrDefault(need.getKey(), 0) < need.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** The agent's lowest level among the queue's skills (15 when the queue asks for none). */
  private static int tieLevel(Agent agent, QueueConfig queue) {
    int level = 15;
    for (String skill : queue.skills().keySet()) {
      level = Math.min(level, agent.skills().getOrDefault(skill, 0));
    }
    return Math.min(15, level);
  }

  private static String bucket(QueueConfig queue, Rule rule, String language, String district) {
    StringBuilder b = new StringBuilder(queue.id()).append('/').append(rule.index());
    if (queue.languages().size() > 1) {
      b.append('/').append(language);
    }
    if (rule.district()) {
      b.append('/').append(district);
    }
    return b.toString();
  }
}
