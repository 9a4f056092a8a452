/**
 * Reports read from the city's record (PostgreSQL). Each family has a package of its own: {@code
 * centre} (the call centre's interval, agent and distribution reports, from call detail records,
 * offers and agent time) and {@code city} (the monthly rates, rankings, classification, hot issues
 * and livelihood index, from cases). Reports only read; they never write the record.
 */
package org.hotline.reports;
