/**
 * Call detail records: one row per hotline call in the city's record (PostgreSQL), assembled when
 * the call's last leg hangs up from what the exchange, the call's record in Redis and the seat
 * manager know, and rebuilt by a sweep for calls whose end no running gateway saw.
 */
package org.hotline.gateway.record;
