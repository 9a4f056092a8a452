/**
 * Cases in PostgreSQL, the city's record: every change of a case (its fields, its history, its
 * timers, its outbox entry) is one transaction on the case's locked row; the screen pop is one
 * statement.
 */
package org.hotline.cases.store;
