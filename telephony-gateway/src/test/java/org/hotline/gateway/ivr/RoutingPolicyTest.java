package org.hotline.gateway.ivr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.hotline.gateway.config.GatewayConfig;
import org.hotline.gateway.config.GatewayConfigLoader;
import org.hotline.seat.api.RoutingRequest;
import org.hotline.seat.config.ConfigLoader;
import org.hotline.seat.config.SeatManagerConfig;
import org.junit.jupiter.api.Test;

class RoutingPolicyTest {

  private final SeatManagerConfig seats = ConfigLoader.load(Path.of("..", "config"));
  private final GatewayConfig gateway =
      GatewayConfigLoader.load(
          Path.of("..", "config", "gateway.yaml"), Map.of("HOTLINE_AMI_SECRET", "x")::get);
  private final RoutingPolicy policy = new RoutingPolicy(gateway, seats);

  @Test
  void menuChoicesPickQueuesAndNothingPressedGoesToTheDefault() {
    assertEquals("english", policy.queueForChoice("2"));
    assertEquals("general", policy.queueForChoice(""));
    assertEquals("general", policy.queueForChoice("7"));
  }

  @Test
  void theElderlyLineAndAnOverdueCaseRaiseThePriorityWithinNine() {
    RoutingRequest r =
        policy.request("ast1:1.1", "elderly", policy.line("1234501"), true, Optional.of("haidian"));
    assertEquals(8, r.priority());
    assertEquals(Optional.of("haidian"), r.district());
    RoutingRequest unknownDistrict =
        policy.request("ast1:1.2", "general", policy.line("12345"), false, Optional.of("atlantis"));
    assertEquals(0, unknownDistrict.priority());
    assertEquals(Optional.empty(), unknownDistrict.district());
  }
}
