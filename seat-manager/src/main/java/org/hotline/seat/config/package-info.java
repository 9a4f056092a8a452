/** The seat manager's configuration: queues, escalation plans, pause reasons, seats; read once. */
package org.hotline.seat.config;
