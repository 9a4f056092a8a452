package org.hotline.reports.city;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shipped configuration, found from the module's directory upwards. */
final class ConfigFiles {

  private ConfigFiles() {}

  static Path dir() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("config/reports.yaml"))) {
        return p.resolve("config");
      }
    }
    throw new IllegalStateException("no config/reports.yaml above " + here);
  }

  static Categories categories() {
    return Categories.load(dir().resolve("taxonomy.yaml"));
  }

  static CityReportsConfig shipped() {
    return CityReportsConfigLoader.load(
        dir().resolve("reports.yaml"), OctoberRecord.ZONE, categories());
  }
}
