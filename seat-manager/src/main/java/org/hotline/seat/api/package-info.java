/** What callers of the seat manager see: operations, facts, results and domain errors. */
package org.hotline.seat.api;
