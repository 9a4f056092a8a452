/**
 * The seat manager's part of the city's record: its Redis event stream written to PostgreSQL as
 * agent time (every state change, hence intervals with no gaps or overlaps) and call offers.
 */
package org.hotline.seat.record;
