/**
 * 督办: supervision of deadlines. Running cases sit in two sorted sets (by 80% of their time limit
 * and by deadline); {@code CaseBridge.tick()} takes only the due head of each, so a scan costs the
 * same with a thousand stored cases or ten million, and raises each alert once on a Redis stream
 * that the wallboard reads ({@link org.hotline.cases.supervision.AlertStream}).
 */
package org.hotline.cases.supervision;
