package org.hotline.reports.centre;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/**
 * The centre's reports as JSON: every report record with its components as fields; times as ISO
 * 8601 text ({@code 2026-03-02T08:15+08:00}, {@code 2026-03-02}), zones by name, durations (the
 * thresholds) in seconds. Plain Jackson, without the JSR-310 module the gateway does not carry.
 */
public final class ReportJson {

  private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(timeModule());

  private ReportJson() {}

  /** {@code report} (any report record of this package) as a JSON text. */
  public static String write(Object report) {
    try {
      return MAPPER.writeValueAsString(report);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e); // a report record always serialises
    }
  }

  private static SimpleModule timeModule() {
    SimpleModule module = new SimpleModule("centre-report-time");
    module.addSerializer(Instant.class, ToStringSerializer.instance);
    module.addSerializer(OffsetDateTime.class, ToStringSerializer.instance);
    module.addSerializer(LocalDate.class, ToStringSerializer.instance);
    module.addSerializer(ZoneId.class, ToStringSerializer.instance);
    module.addSerializer(Duration.class, new SecondsSerializer());
    return module;
  }

  /** A duration as a number of seconds, which a chart or a table reads as is. */
  private static final class SecondsSerializer extends JsonSerializer<Duration> {
    @Override
    public void serialize(Duration value, JsonGenerator gen, SerializerProvider serializers)
        throws IOException {
      gen.writeNumber(value.toMillis() / 1000.0);
    }
  }
}
