package org.hotline.reports.city;

/** The three rates of one area or unit in one month. */
public record Rates(Rate response, Rate resolution, Rate satisfaction) {

  public static final Rates NO_DATA = new Rates(Rate.NO_DATA, Rate.NO_DATA, Rate.NO_DATA);

  public Rate get(RateKind kind) {
    return switch (kind) {
      case RESPONSE -> response;
      case RESOLUTION -> resolution;
      case SATISFACTION -> satisfaction;
    };
  }
}
