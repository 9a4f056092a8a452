package org.hotline.reports.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * Reports as JSON: every report is a tree of records. A figure with no data is an empty {@code
 * Optional} and is written as {@code null} (never 0); months, days and instants as ISO-8601 text
 * ({@code 2026-10}, {@code 2026-10-05}, {@code 2026-10-31T16:00:00Z}); durations (thresholds) as a
 * number of seconds, which a chart or a table reads as is.
 */
public final class ReportJson {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new Jdk8Module())
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .registerModule(durationsInSeconds());

  private ReportJson() {}

  /** The mapper reports are written with; a caller that embeds a report in its own JSON uses it. */
  public static ObjectMapper mapper() {
    return MAPPER.copy();
  }

  private static SimpleModule durationsInSeconds() {
    SimpleModule module = new SimpleModule("report-durations");
    module.addSerializer(
        Duration.class,
        new JsonSerializer<Duration>() {
          @Override
          public void serialize(Duration value, JsonGenerator gen, SerializerProvider serializers)
              throws IOException {
            gen.writeNumber(value.toMillis() / 1000.0);
          }
        });
    return module;
  }

  public static String write(Object report) {
    try {
      return MAPPER.writeValueAsString(report);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("a report could not be written as JSON", e);
    }
  }
}
