package org.hotline.seat;

import static org.hotline.seat.testing.TestConfig.after;
import static org.hotline.seat.testing.TestConfig.queue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hotline.seat.api.Agent;
import org.hotline.seat.api.Role;
import org.hotline.seat.api.RoutingRequest;
import org.hotline.seat.config.ConfigLoader;
import org.hotline.seat.routing.CallPlan;
import org.hotline.seat.routing.PoolEntry;
import org.hotline.seat.routing.RoutingPlanner;
import org.hotline.seat.testing.TestConfig;
import org.junit.jupiter.api.Test;

class RoutingPlannerTest {

  @Test
  void escalationStepsBecomeCumulativeBucketsAndIdenticalRulesShareOne() {
    RoutingPlanner planner =
        new RoutingPlanner(
            TestConfig.config(
                List.of(
                    queue(
                        "general",
                        Map.of("general", 5),
                        List.of(
                            after(30, 2, false),
                            after(60, null, false, "business"),
                            after(90, 2, false))),
                    queue("business", Map.of("business", 3), List.of())),
                1));

    CallPlan plan = planner.planCall(RoutingRequest.of("c", "general"));

    assertEquals(
        List.of(
            new CallPlan.Step(Duration.ZERO, List.of("general/0")),
            new CallPlan.Step(Duration.ofSeconds(30), List.of("general/1")),
            new CallPlan.Step(Duration.ofSeconds(60), List.of("general/1", "business/0")),
            new CallPlan.Step(Duration.ofSeconds(90), List.of("general/1", "business/0"))),
        plan.steps());
  }

  @Test
  void anAgentJoinsEveryPoolTheyQualifyForWithTheirLevel() {
    RoutingPlanner planner = new RoutingPlanner(ConfigLoader.load(ConfigLoaderTest.SHIPPED));
    Agent junior = new Agent("a", "A", Role.AGENT, Map.of("general", 2), Set.of("zh"), Set.of());
    assertEquals(List.of(new PoolEntry("general/1", 2)), planner.poolsFor(junior).pools());
    assertEquals(
        List.of(), planner.poolsFor(junior).queues(), "not staffed at general's base level");

    Agent official =
        new Agent(
            "o", "O", Role.OFFICIAL, Map.of("official_line", 1), Set.of("zh"), Set.of("chaoyang"));
    assertEquals(
        List.of(new PoolEntry("officials/0/chaoyang", 1), new PoolEntry("officials/1", 1)),
        planner.poolsFor(official).pools());
    assertEquals(List.of("officials"), planner.poolsFor(official).queues());
  }

  @Test
  void anOverflowQueueThatDoesNotTakeTheCallersLanguageIsSkipped() {
    RoutingPlanner planner = new RoutingPlanner(ConfigLoader.load(ConfigLoaderTest.SHIPPED));
    CallPlan wu = planner.planCall(RoutingRequest.of("c", "dialect").withLanguage("wuu"));
    assertEquals(List.of("dialect/0/wuu"), wu.steps().get(0).buckets());
    CallPlan officials =
        planner.planCall(RoutingRequest.of("c", "officials").withDistrict("haidian"));
    assertEquals(List.of("officials/0/haidian"), officials.steps().get(0).buckets());
    assertEquals(List.of("officials/1", "general/0"), officials.steps().get(2).buckets());
  }
}
