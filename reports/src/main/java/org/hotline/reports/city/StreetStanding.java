package org.hotline.reports.city;

import java.util.Optional;
import org.hotline.support.text.LocalizedName;

/**
 * A street's class this month and why.
 *
 * @param rates this month's street figures, rank included
 * @param previousComposite last month's composite, if it had one
 * @param trend composite minus last month's (both rounded to 6 decimals); empty without both
 * @param rule the number of the rule that placed it (1 to 5, as {@link
 *     CityReportsConfig.ClassificationRules#describe()} lists them)
 * @param reason that rule's text
 */
public record StreetStanding(
    AreaRates rates,
    Optional<Double> previousComposite,
    Optional<Double> trend,
    StreetClass streetClass,
    int rule,
    LocalizedName reason) {}
