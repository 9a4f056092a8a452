package org.hotline.seat.testing;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import org.hotline.seat.config.EscalationStep;
import org.hotline.seat.config.LocalizedName;
import org.hotline.seat.config.PauseReason;
import org.hotline.seat.config.QueueConfig;
import org.hotline.seat.config.Seat;
import org.hotline.seat.config.SeatManagerConfig;

/** Configurations for tests; each gets a fresh centre id, so tests never see each other's keys. */
public final class TestConfig {

  public static final List<String> DISTRICTS = List.of("chaoyang", "haidian", "xicheng");

  private TestConfig() {}

  public static String freshCentre() {
    return "t" + UUID.randomUUID().toString().substring(0, 12);
  }

  public static QueueConfig queue(
      String id, Map<String, Integer> skills, List<EscalationStep> escalation) {
    return new QueueConfig(
        id,
        new LocalizedName(id, id),
        List.of("zh"),
        skills,
        false,
        Duration.ofSeconds(20),
        Duration.ofSeconds(5),
        Duration.ofSeconds(60),
        Duration.ofMinutes(10),
        escalation);
  }

  public static EscalationStep after(
      int seconds, Integer minLevel, boolean dropDistrict, String... overflow) {
    return new EscalationStep(
        Duration.ofSeconds(seconds),
        minLevel == null ? OptionalInt.empty() : OptionalInt.of(minLevel),
        dropDistrict,
        List.of(overflow));
  }

  public static List<PauseReason> pauseReasons() {
    return List.of(
        new PauseReason("break", new LocalizedName("小休", "Break"), true),
        new PauseReason("meal", new LocalizedName("用餐", "Meal"), true),
        new PauseReason("technical", new LocalizedName("技术故障", "Technical"), true),
        new PauseReason(PauseReason.NO_ANSWER, new LocalizedName("未接听", "No answer"), false));
  }

  public static List<Seat> seats(int count) {
    List<Seat> seats = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      String id = String.format("%03d", i);
      seats.add(new Seat(id, "A", Integer.toString((i - 1) / 30 + 1), "PJSIP/seat" + id));
    }
    return seats;
  }

  public static SeatManagerConfig config(List<QueueConfig> queues, int seats) {
    return config(queues, seats, Duration.ofSeconds(30));
  }

  public static SeatManagerConfig config(
      List<QueueConfig> queues, int seats, Duration offerTimeout) {
    return new SeatManagerConfig(
        freshCentre(),
        ZoneId.of("Asia/Shanghai"),
        offerTimeout,
        DISTRICTS,
        queues,
        pauseReasons(),
        seats(seats));
  }
}
