/** Live queue figures and since-midnight counters, with the formulas of the KPI definitions. */
package org.hotline.seat.stats;
