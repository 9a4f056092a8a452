/**
 * The durable dispatch outbox: a Redis stream with a consumer group, one FIFO per case, retries
 * with backoff and jitter, a dead-letter list, and the worker that drives deliveries.
 */
package org.hotline.cases.outbox;
